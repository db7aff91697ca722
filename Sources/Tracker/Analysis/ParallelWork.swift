import Dispatch

/// Runs two independent pieces of work at once: `background` on another
/// thread, `foreground` on this one. The background piece must open what it
/// reads itself — a `Database` belongs to one thread.
enum ParallelWork {
    static func both<Foreground, Background: Sendable>(
        _ foreground: () throws -> Foreground, _ background: @escaping @Sendable () throws -> Background
    ) throws -> (Foreground, Background) {
        let box = ResultBox<Background>()
        let group = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: group) {
            box.result = Result { try background() }
        }
        let first = Result { try foreground() }
        group.wait()
        return (try first.get(), try box.result!.get())
    }

    /// Whether a second connection can read what `db` reads: not for an
    /// in-memory database, which another connection would not see.
    static func canShare(_ db: Database) -> Bool {
        let path = db.path
        return !(path.isEmpty || path == ":memory:" || path.contains("mode=memory"))
    }

    /// Written by the background thread before the group is left, read by
    /// the foreground after `wait()`: the group orders the two.
    private final class ResultBox<Value>: @unchecked Sendable {
        var result: Result<Value, any Error>?
    }
}
