import CSQLite

extension Database {
    /// Adds `fold(text)`: the text in lower case by Unicode's rules, so that
    /// a search finds `ÆBLE` for `æble` (SQLite's own `lower` folds ASCII
    /// only). NULL stays NULL.
    func addFoldFunction() throws {
        let code = sqlite3_create_function_v2(
            handle, "fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
            { context, count, arguments in
                guard count == 1, let argument = arguments?[0], sqlite3_value_type(argument) != SQLITE_NULL,
                      let text = sqlite3_value_text(argument) else {
                    sqlite3_result_null(context)
                    return
                }
                let folded = String(cString: text).lowercased()
                sqlite3_result_text(context, folded, -1, SQLITE_TRANSIENT)
            }, nil, nil, nil)
        guard code == SQLITE_OK else { throw DatabaseError(connection: handle, code: code) }
    }
}
