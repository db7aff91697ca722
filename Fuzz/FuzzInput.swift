#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands one fuzzer input to a reader the way a file would arrive: through
/// a file descriptor, read in chunks. The first byte picks the chunk size
/// (1 to 64 bytes), so records and escapes fall across chunk boundaries.
enum FuzzInput {
    static func withReader(_ data: UnsafePointer<UInt8>, _ size: Int, _ body: (ByteReader) -> Void) {
        guard size > 0 else { return }
        let chunkSize = Int(data[0] % 64) + 1
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { fatalError("pipe failed") }
        // libFuzzer is run with -max_len below the pipe's buffer, so the
        // whole input fits before anything reads it.
        var offset = 1
        while offset < size {
            let written = write(ends[1], data + offset, size - offset)
            guard written > 0 else { fatalError("write to the pipe failed") }
            offset += written
        }
        close(ends[1])
        body(ByteReader(fileDescriptor: ends[0], name: "fuzz input", chunkSize: chunkSize, closesDescriptor: true))
    }

    /// Reads records with `next` until the end or the first error, and
    /// checks that an error repeats on the next call: a reader never goes
    /// on after a failure, nor changes its story. `check` sees each record.
    static func drain<Record>(size: Int, _ next: () throws -> Record?, check: (Record) -> Void = { _ in }) {
        var records = 0
        while true {
            do {
                guard let record = try next() else { return }
                check(record)
                records += 1
            } catch {
                let first = String(describing: error)
                do {
                    _ = try next()
                    violated("a reader went on after an error")
                } catch {
                    if String(describing: error) != first { violated("a second, different error") }
                }
                return
            }
            if records > size { violated("more records than input bytes") }
        }
    }

    /// Fails the run loudly: libFuzzer keeps the input that got here.
    static func violated(_ what: String) -> Never {
        fatalError("invariant violated: \(what)")
    }
}
