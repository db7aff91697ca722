/// libFuzzer target: the cohort-expression parser. Any text either parses
/// or fails with a syntax error whose position lies inside the text (or
/// just past its end); parsing the same text twice gives the same tree.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCohort(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let expression = try CohortExpression(text)
        guard let again = try? CohortExpression(text), again == expression else {
            FuzzInput.violated("the same text parsed two ways")
        }
    } catch let error as CohortSyntaxError {
        if error.position < 1 || error.position > text.count + 1 { FuzzInput.violated("a position outside the text") }
        if error.expression != text { FuzzInput.violated("the error names another expression") }
    } catch {
        FuzzInput.violated("an error that is not a syntax error: \(error)")
    }
    return 0
}
