import Foundation

/// Number and date conventions of one language (Belgian usage).
public struct LanguageFormats: Sendable {
    public let datePattern: String
    public let decimalSeparator: String
    public let thousandsSeparator: String

    /// Dates are `dd.mm.yyyy`, except in Dutch, where Belgians write `dd-mm-yyyy`.
    public static func of(_ language: String) -> LanguageFormats {
        switch language {
        case "en": return LanguageFormats(datePattern: "dd.mm.yyyy", decimalSeparator: ".", thousandsSeparator: ",")
        case "nl": return LanguageFormats(datePattern: "dd-mm-yyyy", decimalSeparator: ",", thousandsSeparator: " ")
        default: return LanguageFormats(datePattern: "dd.mm.yyyy", decimalSeparator: ",", thousandsSeparator: " ")
        }
    }

    /// `1234.5` -> `1 234,50` (fr/de/nl) or `1,234.50` (en).
    public func format(_ d: Decimal, scale: Int) -> String {
        var value = d
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, scale, .plain)
        let plain = rounded.plainString
        let negative = plain.hasPrefix("-")
        let parts = (negative ? String(plain.dropFirst()) : plain).split(separator: ".", omittingEmptySubsequences: false)
        var intPart = String(parts[0])
        var frac = parts.count > 1 ? String(parts[1]) : ""
        while frac.count < scale { frac += "0" }
        var grouped = ""
        while intPart.count > 3 {
            grouped = thousandsSeparator + intPart.suffix(3) + grouped
            intPart = String(intPart.dropLast(3))
        }
        grouped = intPart + grouped
        return (negative ? "-" : "") + grouped + (scale > 0 ? decimalSeparator + frac : "")
    }

    /// `1985-07-30` -> `30.07.1985` (`30-07-1985` in Dutch); incomplete parts stay `00`.
    public func format(isoDate: String) -> String {
        let p = isoDate.split(separator: "-")
        guard p.count == 3 else { return isoDate }
        let separator = datePattern.first { !$0.isLetter } ?? "."
        return "\(p[2])\(separator)\(p[1])\(separator)\(p[0])"
    }
}

/// Translations of English message ids. The framework's and the shell's texts are in
/// `locales/<lang>.json`; each plugin's own texts in `locales/<plugin>/<lang>.json`,
/// loaded only when the site installs that plugin.
public struct Localizer: Sendable {
    public let languages: [String]
    private let catalogues: [String: [String: String]]
    /// Texts that two catalogues translate differently (`welfare check` reports them;
    /// the first catalogue loaded wins).
    public let conflicts: [String]

    /// Names of the UI languages, each in its own language.
    public static let languageNames = ["en": "English", "fr": "Français", "de": "Deutsch", "nl": "Nederlands"]

    public init(languages: [String], catalogues: [String: [String: String]], conflicts: [String] = []) {
        self.languages = languages
        self.catalogues = catalogues
        self.conflicts = conflicts
    }

    /// Loads `<directory>/<lang>.json`, then `<directory>/<plugin>/<lang>.json` of each
    /// plugin, for every language but English (the msgid language).
    public init(languages: [String], directory: URL, plugins: [String] = []) throws {
        var cats: [String: [String: String]] = [:]
        var conflicts: [String] = []
        for lang in languages where lang != "en" {
            var merged: [String: String] = [:]
            var source: [String: String] = [:]  // msgid -> the file that translated it first
            for folder in [nil] + plugins.map(Optional.some) {
                let dir = folder.map { directory.appendingPathComponent($0) } ?? directory
                let url = dir.appendingPathComponent("\(lang).json")
                guard let data = try? Data(contentsOf: url) else { continue }
                let name = (folder.map { $0 + "/" } ?? "") + "\(lang).json"
                for (msgid, text) in try JSONDecoder().decode([String: String].self, from: data) {
                    if let have = merged[msgid] {
                        if have != text { conflicts.append("\(name) translates \"\(msgid)\" other than \(source[msgid]!)") }
                        continue
                    }
                    merged[msgid] = text
                    source[msgid] = name
                }
            }
            cats[lang] = merged
        }
        self.init(languages: languages, catalogues: cats, conflicts: conflicts.sorted())
    }

    /// The translation of `msgid`, or `msgid` itself when there is none.
    public func t(_ msgid: String, _ language: String) -> String {
        catalogues[language]?[msgid] ?? msgid
    }

    /// Translates a message with `{name}` placeholders and fills them.
    public func t(_ msgid: String, _ language: String, _ args: [String: String]) -> String {
        var s = t(msgid, language)
        for (k, v) in args { s = s.replacingOccurrences(of: "{\(k)}", with: v) }
        return s
    }

    /// The whole catalogue of a language (for the shell's UI strings).
    public func catalogue(_ language: String) -> [String: String] { catalogues[language] ?? [:] }
}
