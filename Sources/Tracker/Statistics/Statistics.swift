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
        return interpolated(sorted[lowerIndex], sorted[upperIndex], fraction)
    }

    /// Between two neighbouring order statistics, from the nearer end, as
    /// numpy does: the result then equals the data point exactly at fraction
    /// 0 or 1 and stays monotone in p.
    private static func interpolated(_ lower: Double, _ upper: Double, _ fraction: Double) -> Double {
        let gap = upper - lower
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

    /// The median of a sample in any order; nil when empty. The same value
    /// as `median(sorted:)` of the sorted sample, found without sorting it:
    /// the two middle order statistics by selection (a median of millions
    /// of handoff gaps is then linear, not n log n).
    public static func median(_ values: [Double]) -> Double? {
        guard values.count >= 64, !values.contains(where: \.isNaN) else { return median(sorted: values.sorted()) }
        var work = values
        let lowerIndex = (work.count - 1) / 2
        return work.withUnsafeMutableBufferPointer { buffer in
            let lower = select(lowerIndex, in: buffer)
            // Everything after the lower middle is at least as large: the
            // upper middle is the least of it.
            let upper = buffer[(lowerIndex + 1)...].min() ?? lower
            return interpolated(lower, upper, Double(buffer.count - 1) * 0.5 - Double(lowerIndex))
        }
    }

    /// Reorders `values` so that position `k` holds the value it would hold
    /// sorted, none before it larger and none after it smaller, and returns
    /// that value (Hoare's selection, the pivot a median of three).
    private static func select(_ k: Int, in values: UnsafeMutableBufferPointer<Double>) -> Double {
        var low = 0, high = values.count - 1
        while low < high {
            let first = values[low], middle = values[low + (high - low) / 2], last = values[high]
            let pivot = max(min(first, middle), min(max(first, middle), last))
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                break
            }
        }
        return values[k]
    }
}
