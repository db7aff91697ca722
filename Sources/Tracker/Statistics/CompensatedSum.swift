/// A sum of doubles with Neumaier's compensation: within a unit or so in the
/// last place of the exact sum whatever the order of the terms. A server
/// sums in its own order, and a p-value far in a tail turns the last digits
/// of a mean or a variance into its twelfth; summing both ends this way
/// keeps them equal to that digit.
struct CompensatedSum {
    private var sum = 0.0
    private var compensation = 0.0

    init() {}

    mutating func add(_ term: Double) {
        let total = sum + term
        // What the rounding of `total` lost, from the smaller of the two.
        compensation += abs(sum) >= abs(term) ? (sum - total) + term : (term - total) + sum
        sum = total
    }

    var value: Double { sum + compensation }
}

extension Sequence<Double> {
    /// The sum of the values, compensated.
    var compensatedSum: Double {
        var sum = CompensatedSum()
        for value in self { sum.add(value) }
        return sum.value
    }
}
