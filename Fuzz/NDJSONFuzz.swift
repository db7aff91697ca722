/// libFuzzer target: the NDJSON reader and the JSON parser under it. Any
/// bytes either read as objects or fail with one error that every later
/// call repeats; never a crash, however deep the nesting.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNDJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzInput.withReader(data, size) { input in
        var reader = NDJSONReader(reader: input, maximumLineBytes: 4096, maximumDepth: 16)
        var records = 0
        while true {
            do {
                guard try reader.next() != nil else { break }
                records += 1
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
