/// Keeps a small set of formatting tags of rich text and escapes everything else,
/// so that a rich-text field can never carry script into the browser.
public enum HTMLSanitizer {
    static let allowed: Set<String> = ["p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li",
                                       "h1", "h2", "h3", "blockquote", "div", "span"]

    public static func sanitize(_ html: String) -> String {
        var out = ""
        var i = html.startIndex
        while i < html.endIndex {
            let ch = html[i]
            if ch == "<", let close = html[i...].firstIndex(of: ">") {
                let inner = html[html.index(after: i)..<close]
                let isEnd = inner.hasPrefix("/")
                let name = inner.drop(while: { $0 == "/" })
                    .prefix(while: { $0.isLetter || $0.isNumber }).lowercased()
                if allowed.contains(name) {
                    // Attributes are dropped: no style, no event handlers, no links to script.
                    out += isEnd ? "</\(name)>" : (name == "br" ? "<br>" : "<\(name)>")
                } else if ["script", "style"].contains(name), !isEnd,
                          let end = html.range(of: "</\(name)", options: .caseInsensitive, range: close..<html.endIndex),
                          let gt = html[end.upperBound...].firstIndex(of: ">") {
                    i = html.index(after: gt)
                    continue
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
