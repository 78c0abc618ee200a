/// C0 and C1 control characters (NUL, escape, DEL...) in text from a request.
/// Quick search and combo searches drop them; stored values refuse them, except
/// tabs and line breaks in multi-line text. A NUL would otherwise cut a string
/// short inside the C libraries (SQLite's FTS5 syntax, libpq's parameters).
public enum ControlCharacters {
    static func isControl(_ u: Unicode.Scalar) -> Bool { u.value < 0x20 || (0x7f...0x9f).contains(u.value) }

    /// Whether `s` has a control character (`multiLine`: tab, CR and LF are allowed).
    public static func contains(_ s: String, multiLine: Bool = false) -> Bool {
        s.unicodeScalars.contains { u in isControl(u) && !(multiLine && (u == "\t" || u == "\n" || u == "\r")) }
    }

    /// `s` without its control characters (each becomes a space, so words stay apart).
    public static func stripped(_ s: String) -> String {
        guard contains(s) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars { out.append(isControl(u) ? " " : u) }
        return String(out)
    }
}
