import Tracker

/// A one-line progress display on stderr (rows, rows/s, time left), drawn
/// only when stderr is a terminal; the caller decides that.
final class ProgressBar {
    private let unit: String
    private let width = 24

    init(unit: String) { self.unit = unit }

    func show(count: Int, done: Int, total: Int?, seconds: Double) {
        let rate = seconds > 0 ? Double(count) / seconds : 0
        var line = "\r"
        if let total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let filled = Int(fraction * Double(width))
            line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            line += "\(Int(fraction * 100))%  "
            if fraction > 0, seconds > 0.5 {
                line += "\(Self.duration(seconds / fraction - seconds)) left  "
            }
        }
        line += "\(count) \(unit)  \(Int(rate)) \(unit)/s"
        Console.standardError.write(line + "\u{1B}[K")
        try? Console.standardError.flush()
    }

    func clear() {
        Console.standardError.write("\r\u{1B}[K")
        try? Console.standardError.flush()
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let minutes = total / 60, rest = total % 60
        return "\(minutes):" + (rest < 10 ? "0" : "") + "\(rest)"
    }
}
