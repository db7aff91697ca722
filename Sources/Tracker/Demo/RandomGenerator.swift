#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A seeded pseudo-random generator: xoshiro256** (Blackman and Vigna),
/// its state filled from the seed by SplitMix64. Written here rather than
/// taken from the system so the same seed gives the same demo data on
/// every machine and every Swift version.
public struct RandomGenerator: Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    private static func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = Self.rotate(state.3, 45)
        return result
    }

    /// Uniform in [0, 1), from the top 53 bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in `range` (Lemire's multiply-and-reject would be exact; the
    /// bias of a plain multiply on 64 bits is far below anything visible).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next().multipliedFullWidth(by: width).high)
    }

    public mutating func chance(_ probability: Double) -> Bool { uniform() < probability }

    /// Standard normal, by the Box–Muller transform.
    public mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300)
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    public mutating func normal(mean: Double, sd: Double) -> Double { mean + sd * normal() }

    /// Log-normal with the given median: most values near it, a long right tail.
    public mutating func logNormal(median: Double, sigma: Double) -> Double {
        median * exp(sigma * normal())
    }

    /// Poisson by Knuth's product method (fine for the small means used here).
    public mutating func poisson(mean: Double) -> Int {
        let limit = exp(-mean)
        var product = uniform()
        var count = 0
        while product > limit {
            count += 1
            product *= uniform()
        }
        return count
    }

    /// An index chosen with probability proportional to its weight.
    public mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var target = uniform() * total
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }

    public mutating func element<T>(_ items: [T]) -> T { items[int(in: 0...(items.count - 1))] }
}
