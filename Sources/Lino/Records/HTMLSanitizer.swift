/// Keeps a small set of formatting tags of rich text and escapes everything else,
/// so that a rich-text field can never carry script into the browser.
public enum HTMLSanitizer {
    static let allowed: Set<String> = ["p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li",
                                       "h1", "h2", "h3", "blockquote", "div", "span"]

    /// Linear in the length of `html`, whatever it holds: once a search for a `>` or
    /// for the end of a script finds nothing, later positions are not searched again
    /// (many `<` without `>` would otherwise rescan the rest of the text each time).
    public static func sanitize(_ html: String) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count)
        var i = html.startIndex
        var noMoreGT = false
        var noMoreEnd: Set<String> = []
        while i < html.endIndex {
            let ch = html[i]
            if ch == "<", !noMoreGT, let close = html[i...].firstIndex(of: ">") ?? { () -> String.Index? in noMoreGT = true; return nil }() {
                let inner = html[html.index(after: i)..<close]
                let isEnd = inner.hasPrefix("/")
                let name = inner.drop(while: { $0 == "/" })
                    .prefix(while: { $0.isLetter || $0.isNumber }).lowercased()
                if allowed.contains(name) {
                    // Attributes are dropped: no style, no event handlers, no links to script.
                    out += isEnd ? "</\(name)>" : (name == "br" ? "<br>" : "<\(name)>")
                } else if ["script", "style"].contains(name), !isEnd, !noMoreEnd.contains(name) {
                    if let end = html.range(of: "</\(name)", options: .caseInsensitive, range: close..<html.endIndex),
                       let gt = html[end.upperBound...].firstIndex(of: ">") {
                        i = html.index(after: gt)
                        continue
                    }
                    noMoreEnd.insert(name)
                }
                i = html.index(after: close)
                continue
            }
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
            i = html.index(after: i)
        }
        return out
    }
}
