import Lino

/// Formats a partner's address the Belgian way.
public enum PostalAddress {
    /// The country whose addresses are written without it (Lino's `countries.country_code`).
    public static let homeCountry = "BE"

    /// The fields `oneLine` reads.
    public static let fields = ["street_prefix", "street", "street_no", "street_box", "addr2", "zip_code", "city", "country"]

    /// `Rue de la Station 12/B, 4700 Eupen`; the second address line after the street;
    /// a foreign address ends with its country: `Theaterplatz 5, 52062 Aachen, Deutschland`.
    /// Place and country names come from their titles, in the reader's language.
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
        add(r.string("addr2"), after: ", ")
        let zip = r.string("zip_code"), city = r.title(of: "city")
        let startsPlace = line.isEmpty ? "" : ", "
        if !zip.isEmpty { add(zip, after: startsPlace) }
        if !city.isEmpty { add(city, after: zip.isEmpty ? startsPlace : " ") }
        if let country = r["country"].stringValue, country != homeCountry { add(r.title(of: "country"), after: ", ") }
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
