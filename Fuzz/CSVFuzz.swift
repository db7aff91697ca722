/// libFuzzer target: the CSV reader. Any bytes either read as records or
/// fail with one error that every later call repeats; never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzInput.withReader(data, size) { input in
        var reader = CSVReader(reader: input, maximumFieldBytes: 256, maximumFieldCount: 32)
        var records = 0
        while true {
            do {
                guard let record = try reader.next() else { break }
                records += 1
                if record.fields.count > 32 { FuzzInput.violated("more fields than the limit") }
                for field in record.fields where field.utf8.count > 256 { FuzzInput.violated("a field past the limit") }
            } catch {
                let first = String(describing: error)
                do {
                    _ = try reader.next()
                    FuzzInput.violated("a reader went on after an error")
                } catch {
                    if String(describing: error) != first { FuzzInput.violated("a second, different error") }
                }
                break
            }
            if records > size { FuzzInput.violated("more records than input bytes") }
        }
    }
    return 0
}
