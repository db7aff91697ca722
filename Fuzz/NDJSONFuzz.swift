/// libFuzzer target: the NDJSON reader and the JSON parser under it. Any
/// bytes either read as objects or fail with one error that every later
/// call repeats; never a crash, however deep the nesting.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNDJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzInput.withReader(data, size) { input in
        var reader = NDJSONReader(reader: input, maximumLineBytes: 4096, maximumDepth: 16)
        FuzzInput.drain(size: size, { try reader.next() })
    }
    return 0
}
