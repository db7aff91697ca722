/// Follow-up times as their distinct values, ascending, each with how many
/// subjects ended then in each way: column 0 censored, column k outcome k
/// (for a survival curve, 1 is the event). It is all that Kaplan–Meier, the
/// log-rank test and the Aalen–Johansen estimate read of a sample, and what
/// a server returns for them instead of a row per journey.
struct TimeTally: Sendable {
    /// Outcomes besides censoring.
    let outcomes: Int
    let times: [Double]
    /// `outcomes + 1` counts per time, flat.
    private let counts: [Int]

    var isEmpty: Bool { times.isEmpty }
    var subjects: Int { counts.reduce(0, +) }

    /// How many ended at the time at `level` by `outcome` (0: censored).
    func count(_ level: Int, _ outcome: Int) -> Int { counts[level * (outcomes + 1) + outcome] }

    /// How many ended at the time at `level`, whichever way.
    func leaving(_ level: Int) -> Int {
        counts[level * (outcomes + 1)..<(level + 1) * (outcomes + 1)].reduce(0, +)
    }

    /// From each subject's time and outcome (0: censored, else 1...`outcomes`).
    init(_ observations: [(time: Double, outcome: Int)], outcomes: Int) {
        precondition(observations.allSatisfy { (0...outcomes).contains($0.outcome) }, "an outcome out of range")
        self.init(sorted: observations.sorted { $0.time < $1.time }.map { ($0.time, $0.outcome, 1) }, outcomes: outcomes)
    }

    /// From counts of subjects per time and outcome, in any order, a time
    /// and outcome possibly given more than once.
    init(counted: [(time: Double, outcome: Int, count: Int)], outcomes: Int) {
        precondition(counted.allSatisfy { (0...outcomes).contains($0.outcome) && $0.count >= 0 }, "a count out of range")
        self.init(sorted: counted.sorted { $0.time < $1.time }, outcomes: outcomes)
    }

    private init(sorted: [(time: Double, outcome: Int, count: Int)], outcomes: Int) {
        self.outcomes = outcomes
        var times: [Double] = [], counts: [Int] = []
        for entry in sorted {
            if times.last != entry.time {
                times.append(entry.time)
                counts += repeatElement(0, count: outcomes + 1)
            }
            counts[(times.count - 1) * (outcomes + 1) + entry.outcome] += entry.count
        }
        self.times = times
        self.counts = counts
    }
}
