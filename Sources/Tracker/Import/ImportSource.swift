/// Where an import's rows come from: a CSV file with a header row, or an
/// NDJSON file whose keys name the columns. Both stream: one row at a time.
protocol ImportSource {
    /// The CSV position of a column, for error reports; nil for NDJSON.
    func position(of column: String) -> Int?
    /// The next data row, or nil at the end.
    /// - Throws: `CSVError`, `JSONError` or `InputFileError` when the file
    ///   itself cannot be read further.
    mutating func next() throws -> ImportRow?
}

/// Problems with a CSV header, which make every row unreadable.
struct ImportHeaderError: Error {
    let problems: [ImportProblem]
}
