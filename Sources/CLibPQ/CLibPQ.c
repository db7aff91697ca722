#include "CLibPQ.h"

#include <dlfcn.h>
#include <stdio.h>

static TrackerPQ api;
static int loaded;

void tracker_pq_ignore_notice(void *argument, const char *message) {
    (void)argument;
    (void)message;
}

const TrackerPQ *tracker_pq_load(char *error, size_t size) {
    if (loaded) return &api;
    static const char *const names[] = {"libpq.so.5", "libpq.so", "libpq.5.dylib", "libpq.dylib"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(error, size, "%s", reason ? reason : "libpq.so.5 was not found");
        return NULL;
    }
#define FIND(field, symbol)                                                      \
    api.field = (__typeof__(api.field))dlsym(library, #symbol);                  \
    if (api.field == NULL) {                                                     \
        snprintf(error, size, "the libpq found has no function %s", #symbol);    \
        return NULL;                                                             \
    }
    FIND(connectdb, PQconnectdb)
    FIND(status, PQstatus)
    FIND(errorMessage, PQerrorMessage)
    FIND(finish, PQfinish)
    FIND(exec, PQexec)
    FIND(execParams, PQexecParams)
    FIND(prepare, PQprepare)
    FIND(execPrepared, PQexecPrepared)
    FIND(resultStatus, PQresultStatus)
    FIND(resultErrorMessage, PQresultErrorMessage)
    FIND(resultErrorField, PQresultErrorField)
    FIND(ntuples, PQntuples)
    FIND(nfields, PQnfields)
    FIND(fname, PQfname)
    FIND(ftype, PQftype)
    FIND(getvalue, PQgetvalue)
    FIND(getlength, PQgetlength)
    FIND(getisnull, PQgetisnull)
    FIND(cmdTuples, PQcmdTuples)
    FIND(clear, PQclear)
    FIND(transactionStatus, PQtransactionStatus)
    FIND(putCopyData, PQputCopyData)
    FIND(putCopyEnd, PQputCopyEnd)
    FIND(getCopyData, PQgetCopyData)
    FIND(getResult, PQgetResult)
    FIND(freemem, PQfreemem)
    FIND(setNoticeProcessor, PQsetNoticeProcessor)
    FIND(libVersion, PQlibVersion)
    FIND(serverVersion, PQserverVersion)
    FIND(user, PQuser)
    FIND(db, PQdb)
#undef FIND
    loaded = 1;
    return &api;
}
