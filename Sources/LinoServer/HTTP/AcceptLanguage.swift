/// The language a browser asks for (`Accept-Language: fr-BE,fr;q=0.9,en;q=0.8`),
/// among the site's languages: for what the server says before anyone logged in.
enum AcceptLanguage {
    /// The supported language the header prefers most (by `q`, then order), or nil.
    static func best(_ header: String?, supported: [String]) -> String? {
        guard let header else { return nil }
        var ranked: [(language: String, q: Double, index: Int)] = []
        for (i, part) in header.split(separator: ",").prefix(20).enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            let primary = String(tag.split(separator: "-").first ?? "")
            var q = 1.0
            for p in pieces.dropFirst() where p.hasPrefix("q=") { q = Double(p.dropFirst(2)) ?? 0 }
            if q > 0, supported.contains(primary) { ranked.append((primary, q, i)) }
        }
        return ranked.sorted { $0.q != $1.q ? $0.q > $1.q : $0.index < $1.index }.first?.language
    }
}
