import Foundation
import Lino

/// The demo data's own files (`Resources/*.json`: countries, places, names) and small
/// helpers the plugins' demo steps share.
enum DemoResources {
    struct CountryEntry: Decodable { let isocode: String; let iso3: String?; let name: [String: String] }
    struct PlaceEntry: Decodable {
        let name: String; let zip_code: String?; let country: String; let type: String?; let parent: String?
        let name_fr: String?; let name_de: String?; let name_nl: String?; let name_en: String?
        func name(_ lang: String) -> String? {
            switch lang { case "fr": return name_fr; case "de": return name_de; case "nl": return name_nl; case "en": return name_en; default: return nil }
        }
    }
    struct Names: Decodable {
        let first_names: [String: [String: [String]]]
        let last_names: [String: [String]]
        let streets: [String: [String]]
        let organisations: [Organisation]
        /// A contact's function in each language (`en`, `fr`, `de`, `nl`).
        let functions: [[String: String]]
        struct Organisation: Decodable { let name: String; let type: String; let language: String }
    }

    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: name, withExtension: "json") else {
            throw SiteError("Missing resource \(name).json")
        }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    /// A day relative to today, so that every list looks alive on any day.
    static func day(_ offset: Int, from today: String = ISODates.today()) -> Value { .text(ISODates.adding(days: offset, to: today)!) }

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }

    /// `Zoë.Müller` -> `zoe.muller` (cheaper than Foundation's folding for 100 000 persons).
    static func asciiMail(_ s: String) -> String {
        var out = ""
        for ch in s.lowercased().unicodeScalars {
            switch ch {
            case "a"..."z", ".": out.unicodeScalars.append(ch)
            case "à", "á", "â", "ä", "ã", "å": out += "a"
            case "è", "é", "ê", "ë": out += "e"
            case "ì", "í", "î", "ï": out += "i"
            case "ò", "ó", "ô", "ö", "õ": out += "o"
            case "ù", "ú", "û", "ü": out += "u"
            case "ç": out += "c"
            case "ß": out += "ss"
            case "ñ": out += "n"
            default: break
            }
        }
        return out
    }
}
