import Dispatch

/// Runs two independent pieces of work at once: `background` on another
/// thread, `foreground` on this one. What the background piece reads it
/// must own alone while it runs (a read session hands it a connection).
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

    /// Written by the background thread before the group is left, read by
    /// the foreground after `wait()`: the group orders the two.
    private final class ResultBox<Value>: @unchecked Sendable {
        var result: Result<Value, any Error>?
    }
}
