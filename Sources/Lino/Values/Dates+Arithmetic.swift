/// Calendar arithmetic on ISO days (`2026-08-31`), without time zones: what a
/// reminder "two months before" or a period "until" means on paper.
extension ISODates {
    /// The day `n` months later (earlier for negative `n`); a day past the end of the
    /// target month becomes its last day (31 August minus 2 months is 30 June).
    public static func adding(months n: Int, to day: String) -> String? {
        guard let d = ymd(day), d.m >= 1, d.d >= 1 else { return nil }
        let total = d.y * 12 + (d.m - 1) + n
        let y = total / 12, m = total % 12 + 1
        return format(y, m, min(d.d, daysIn(month: m, year: y)))
    }

    /// The day `n` days later (earlier for negative `n`).
    public static func adding(days n: Int, to day: String) -> String? {
        guard let d = ymd(day), d.m >= 1, d.d >= 1 else { return nil }
        return fromDayNumber(dayNumber(d.y, d.m, d.d) + n)
    }

    /// The day `n` years later; 29 February becomes 28 February in other years.
    public static func adding(years n: Int, to day: String) -> String? { adding(months: 12 * n, to: day) }

    static func format(_ y: Int, _ m: Int, _ d: Int) -> String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        let year = String(y)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + two(m) + "-" + two(d)
    }

    /// Days since 0000-03-01 in the proleptic Gregorian calendar (a civil-from-days pair).
    static func dayNumber(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe
    }

    static func fromDayNumber(_ z: Int) -> String {
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return format(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
