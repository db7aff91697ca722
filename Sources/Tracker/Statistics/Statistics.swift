/// Order statistics on plain samples.
public enum Statistics {
    /// The p-quantile of an ascending sample, interpolating linearly between the
    /// two closest ranks (Hyndman & Fan type 7, numpy's default "linear" method).
    ///
    /// Returns nil when the sample is empty or p is NaN or outside [0, 1].
    /// The caller guarantees `sorted` is in ascending order.
    public static func quantile(sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty, p >= 0, p <= 1 else { return nil }
        let position = Double(sorted.count - 1) * p
        let lowerIndex = min(Int(position.rounded(.down)), sorted.count - 1)
        let upperIndex = min(lowerIndex + 1, sorted.count - 1)
        let fraction = position - Double(lowerIndex)
        let lower = sorted[lowerIndex]
        let upper = sorted[upperIndex]
        let gap = upper - lower
        // Interpolate from the nearer end, as numpy does: the result then equals
        // the data point exactly at fraction 0 or 1 and stays monotone in p.
        return fraction < 0.5 ? lower + gap * fraction : upper - gap * (1 - fraction)
    }

    /// The median (type 7 quantile at ½) of an ascending sample; nil when empty.
    public static func median(sorted: [Double]) -> Double? {
        quantile(sorted: sorted, 0.5)
    }

    /// How many values of an ascending sample lie below `bound`.
    public static func count(sorted: [Double], below bound: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < bound { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The median of a sample in any order; nil when empty.
    public static func median(_ values: [Double]) -> Double? {
        median(sorted: values.sorted())
    }
}
