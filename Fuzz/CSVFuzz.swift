/// libFuzzer target: the CSV reader. Any bytes either read as records or
/// fail with one error that every later call repeats; never a crash, and
/// never a field or record past the limits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzInput.withReader(data, size) { input in
        var reader = CSVReader(reader: input, maximumFieldBytes: 256, maximumFieldCount: 32)
        FuzzInput.drain(size: size, { try reader.next() }) { record in
            if record.fields.count > 32 { FuzzInput.violated("more fields than the limit") }
            for field in record.fields where field.utf8.count > 256 { FuzzInput.violated("a field past the limit") }
        }
    }
    return 0
}
