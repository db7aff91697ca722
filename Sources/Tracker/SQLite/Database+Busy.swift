import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Database {
    /// Waits for another process's write lock as SQLite's own busy timeout
    /// does (short sleeps, growing to a tenth of a second), until
    /// `milliseconds` have passed; then the statement fails with
    /// SQLITE_BUSY (exit 75). After a second of waiting `onLongWait` is
    /// called once: a large import holds the lock while it writes, for many
    /// seconds at a million rows, and a person at a terminal should know why
    /// nothing happens.
    func waitWhenBusy(upTo milliseconds: Int32) {
        // The limit travels in the context pointer itself: no allocation to free.
        let context = UnsafeMutableRawPointer(bitPattern: Int(max(milliseconds, 1)))
        sqlite3_busy_handler(handle, { context, count in
            let limit = Int(bitPattern: context)
            let waited = BusyWait.waited(before: Int(count))
            guard waited < limit else { return 0 }
            if waited < BusyWait.noticeAfter, waited + BusyWait.delay(Int(count)) >= BusyWait.noticeAfter {
                Database.onLongWait?()
            }
            usleep(useconds_t(min(BusyWait.delay(Int(count)), limit - waited) * 1000))
            return 1
        }, context)
    }

    /// What a connection does once when it has waited a second for another
    /// process's write lock; set once, before any connection opens.
    nonisolated(unsafe) static var onLongWait: (@Sendable () -> Void)?
}

extension TrackerStore {
    /// Called once when a command has waited a second for another process
    /// to finish writing (a large import, say): the command line tells a
    /// person at a terminal. Set once, before any store opens.
    public static var onLongWait: (@Sendable () -> Void)? {
        get { Database.onLongWait }
        set { Database.onLongWait = newValue }
    }
}

/// The sleeps of a wait for the write lock, in milliseconds.
enum BusyWait {
    static let delays = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100]
    static let noticeAfter = 1_000

    static func delay(_ attempt: Int) -> Int { attempt < delays.count ? delays[attempt] : 100 }

    /// Milliseconds slept before attempt `attempt` (from 0).
    static func waited(before attempt: Int) -> Int {
        let early = delays.prefix(attempt).reduce(0, +)
        return early + max(0, attempt - delays.count) * 100
    }
}
