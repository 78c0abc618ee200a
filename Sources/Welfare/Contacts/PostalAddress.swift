import Lino

/// Formats a partner's address the Belgian way.
public enum PostalAddress {
    /// `Rue de la Station 12/B, 4700 Eupen` (the place name comes from the city title when joined).
    public static func oneLine(_ r: RecordView) -> String {
        // Appends, not arrays joined: it runs for every row of an address column.
        var line = ""
        func add(_ part: String, after separator: String) {
            guard !part.isEmpty else { return }
            if !line.isEmpty { line += separator }
            line += part
        }
        add(r.string("street_prefix"), after: " ")
        add(r.string("street"), after: " ")
        add(r.string("street_no"), after: " ")
        let box = r.string("street_box")
        if !box.isEmpty { line += "/" + box }
        let street = !line.isEmpty
        let zip = r.string("zip_code"), city = r.title(of: "city")
        if !zip.isEmpty { add(zip, after: street ? ", " : "") }
        if !city.isEmpty { add(city, after: zip.isEmpty ? (street ? ", " : "") : " ") }
        return line
    }
}

/// Belgian VAT numbers: BE + 10 digits, the last two `97 - (first 8 mod 97)`.
public enum VATNumber {
    public static func problem(_ text: String) -> String? {
        let compact = text.uppercased().filter { !" .-".contains($0) }
        guard compact.hasPrefix("BE") else {
            // Foreign numbers: two letters and 2 to 13 characters.
            let ok = compact.count >= 4 && compact.prefix(2).allSatisfy(\.isLetter) && compact.dropFirst(2).allSatisfy { $0.isLetter || $0.isNumber }
            return ok ? nil : "Invalid VAT number."
        }
        let digits = String(compact.dropFirst(2))
        guard digits.count == 10, digits.allSatisfy(\.isNumber), let base = Int(digits.prefix(8)), let check = Int(digits.suffix(2)),
              97 - base % 97 == check else { return "Invalid Belgian VAT number (BE0123.456.749)." }
        return nil
    }
}
