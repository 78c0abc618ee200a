import Foundation

/// Compares a browser's `Origin` with the site the request was sent to.
public enum OriginCheck {
    /// Whether an `Origin` names the site of a `Host` header. A Host without a port
    /// (behind a proxy) matches an origin on its scheme's default port.
    public static func sameSite(origin: URL, host authority: String) -> Bool {
        guard let originHost = origin.host?.lowercased() else { return false }
        var name = Substring(authority)
        var port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let p = Int(authority[authority.index(after: colon)...]) else { return false }
            name = authority[..<colon]
            port = p
        }
        let bare = { (s: String) in s.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased() }
        guard bare(String(name)) == bare(originHost) else { return false }
        guard let port else { return origin.port == nil }
        return (origin.port ?? (origin.scheme == "https" ? 443 : 80)) == port
    }

    /// The same, from text (tests, configuration checks).
    public static func sameSite(_ origin: String, host: String) -> Bool {
        URL(string: origin).map { sameSite(origin: $0, host: host) } ?? false
    }
}
