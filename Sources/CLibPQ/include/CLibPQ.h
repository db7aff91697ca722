#ifndef TRACKER_CLIBPQ_H
#define TRACKER_CLIBPQ_H

// libpq's own declarations (Debian: libpq-dev), used for their types only:
// the library itself is opened at run time, so that a binary built with
// PostgreSQL support starts and serves SQLite files on a machine without it.
#include <stddef.h>
#include <postgresql/libpq-fe.h>

/// The libpq functions the tracker calls, typed by libpq's header and found
/// in the shared library when a PostgreSQL database is first opened.
typedef struct TrackerPQ {
    __typeof__(PQconnectdb) *connectdb;
    __typeof__(PQstatus) *status;
    __typeof__(PQerrorMessage) *errorMessage;
    __typeof__(PQfinish) *finish;
    __typeof__(PQexec) *exec;
    __typeof__(PQexecParams) *execParams;
    __typeof__(PQprepare) *prepare;
    __typeof__(PQexecPrepared) *execPrepared;
    __typeof__(PQresultStatus) *resultStatus;
    __typeof__(PQresultErrorMessage) *resultErrorMessage;
    __typeof__(PQresultErrorField) *resultErrorField;
    __typeof__(PQntuples) *ntuples;
    __typeof__(PQnfields) *nfields;
    __typeof__(PQfname) *fname;
    __typeof__(PQftype) *ftype;
    __typeof__(PQgetvalue) *getvalue;
    __typeof__(PQgetlength) *getlength;
    __typeof__(PQgetisnull) *getisnull;
    __typeof__(PQcmdTuples) *cmdTuples;
    __typeof__(PQclear) *clear;
    __typeof__(PQtransactionStatus) *transactionStatus;
    __typeof__(PQputCopyData) *putCopyData;
    __typeof__(PQputCopyEnd) *putCopyEnd;
    __typeof__(PQgetCopyData) *getCopyData;
    __typeof__(PQgetResult) *getResult;
    __typeof__(PQfreemem) *freemem;
    __typeof__(PQsetNoticeProcessor) *setNoticeProcessor;
    __typeof__(PQlibVersion) *libVersion;
    __typeof__(PQserverVersion) *serverVersion;
    __typeof__(PQuser) *user;
    __typeof__(PQdb) *db;
} TrackerPQ;

/// Opens libpq once and finds its functions. On failure returns NULL and
/// writes why into `error` (at most `size` bytes, terminated).
const TrackerPQ *tracker_pq_load(char *error, size_t size);

/// A notice processor that drops the server's notices (NOTICE, WARNING
/// lines that libpq would print on stderr unasked).
void tracker_pq_ignore_notice(void *argument, const char *message);

#endif
