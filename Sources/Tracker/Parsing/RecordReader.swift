/// What the readers share: after the last record they return nil, and after
/// an error every later call throws that same error, so a caller can never
/// read on past a malformed record.
protocol RecordReader {
    associatedtype Record
    /// The first error, repeated from then on.
    var failure: (any Error)? { get set }
    var isFinished: Bool { get set }
    /// Reads one record from where the last one ended; nil at the end.
    mutating func readRecord() throws -> Record?
}

extension RecordReader {
    mutating func nextRecord() throws -> Record? {
        if let failure { throw failure }
        if isFinished { return nil }
        do {
            let record = try readRecord()
            if record == nil { isFinished = true }
            return record
        } catch {
            failure = error
            throw error
        }
    }
}
