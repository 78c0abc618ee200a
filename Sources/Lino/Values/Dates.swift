import Foundation
import Synchronization

/// Date, time and datetime checks on ISO text, without time-zone surprises.
public enum ISODates {
    /// Validates `YYYY-MM-DD`; with `incomplete`, day or month (and day) may be `00`.
    public static func isValidDate(_ s: String, incomplete: Bool = false) -> Bool {
        let p = s.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count == 4, p[1].count == 2, p[2].count == 2,
              let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]), y >= 1 else { return false }
        if incomplete {
            if m == 0 { return d == 0 }
            if d == 0 { return (1...12).contains(m) }
        }
        guard (1...12).contains(m), d >= 1 else { return false }
        return d <= daysIn(month: m, year: y)
    }

    public static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Normalises `HH:MM` or `HH:MM:SS` to `HH:MM`; nil when invalid.
    public static func normalTime(_ s: String) -> String? {
        let p = s.split(separator: ":")
        guard (2...3).contains(p.count), p.allSatisfy({ $0.count == 2 }),
              let h = Int(p[0]), let m = Int(p[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        if p.count == 3 { guard let sec = Int(p[2]), (0...59).contains(sec) else { return nil } }
        return String(format: "%02d:%02d", h, m)
    }

    /// Normalises `YYYY-MM-DDTHH:MM[:SS][Z]` (or a space) to `YYYY-MM-DD HH:MM:SS` (UTC); nil when invalid.
    public static func normalDateTime(_ s: String) -> String? {
        var t = s
        if t.hasSuffix("Z") { t.removeLast() }
        let parts = t.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 2, isValidDate(String(parts[0])), let time = normalTime(String(parts[1].prefix(8))) else { return nil }
        let seconds = parts[1].count >= 8 ? String(parts[1].dropFirst(6).prefix(2)) : "00"
        guard let sec = Int(seconds), (0...59).contains(sec) else { return nil }
        return "\(parts[0]) \(time):\(seconds)"
    }

    /// Today's date (UTC) as `YYYY-MM-DD`. Remembered per day: grids ask it for every row.
    public static func today(_ now: Date = Date()) -> String {
        let day = Int((now.timeIntervalSince1970 / 86_400).rounded(.down))
        if let hit = todayCache.withLock({ $0.day == day ? $0.text : nil }) { return hit }
        let text = String(self.now(now).prefix(10))
        todayCache.withLock { $0 = (day, text) }
        return text
    }
    /// The day before today (UTC), `YYYY-MM-DD`.
    public static func yesterday(_ now: Date = Date()) -> String { String(self.now(now.addingTimeInterval(-86_400)).prefix(10)) }

    private static let todayCache = Mutex<(day: Int, text: String)>((-1, ""))

    /// Now (UTC) as `YYYY-MM-DD HH:MM:SS`. Uses gmtime_r: Calendar is far too slow for every save.
    public static func now(_ date: Date = Date()) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var tm = tm()
        gmtime_r(&t, &tm)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(tm.tm_year + 1900)-\(two(tm.tm_mon + 1))-\(two(tm.tm_mday)) \(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec))"
    }

    /// The instant of a `YYYY-MM-DD HH:MM:SS` UTC text (as `now` writes it); nil when malformed.
    public static func instant(_ s: String) -> Date? {
        let parts = s.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" || $0 == "T" }).compactMap { Int32($0) }
        guard parts.count >= 6 else { return nil }
        var tm = tm()
        tm.tm_year = parts[0] - 1900; tm.tm_mon = parts[1] - 1; tm.tm_mday = parts[2]
        tm.tm_hour = parts[3]; tm.tm_min = parts[4]; tm.tm_sec = parts[5]
        return Date(timeIntervalSince1970: TimeInterval(timegm(&tm)))
    }

    /// Whole years between an ISO date (possibly incomplete) and another; nil when unknown.
    public static func age(birth: String, on day: String) -> Int? {
        guard let b = ymd(birth), let t = ymd(day), b.y > 0 else { return nil }
        var years = t.y - b.y
        if b.m > 0, (t.m, t.d) < (b.m, b.d == 0 ? 1 : b.d) { years -= 1 }
        return years
    }

    /// Year, month and day of `YYYY-MM-DD`, read from the bytes (no splitting: called per grid row).
    static func ymd(_ s: String) -> (y: Int, m: Int, d: Int)? {
        var s = s
        return s.withUTF8 { b -> (y: Int, m: Int, d: Int)? in
            guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var n = 0
                for i in range {
                    let d = Int(b[i]) - 48
                    guard (0...9).contains(d) else { return nil }
                    n = n * 10 + d
                }
                return n
            }
            guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
            return (y, m, d)
        }
    }
}
