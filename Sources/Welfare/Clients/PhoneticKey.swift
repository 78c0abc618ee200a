import Foundation

/// Phonetic words of a client's name, for finding possible duplicates
/// (Lino's "dupable" clients): "Ausdemwald Alfons" gives `["ASTMLT", "ALFNS"]`.
///
/// Each name part is coded with the *primary* key of Lawrence Philips' Double
/// Metaphone algorithm (C/C++ Users Journal, June 2000), which is what Lino uses.
/// Unlike Soundex or the first Metaphone, Double Metaphone was written for names
/// of many origins and knows German, French, Dutch, Italian and Slavic spellings
/// (SCH, final silent French -X and -S after AU/OI, -IER, CZ, -WITZ ...), while
/// keeping only the consonant skeleton, so that spelling variants of the same
/// sound (Meier, Mayer, Maier; Müller, Mueller; Dupont, Dupond) get the same key.
/// Codes are at most ``maxLength`` (6, not the original 4) characters long, so
/// that long compound surnames such as "Ausdemwald" stay discriminating.
///
/// Deviations from the published algorithm, for Belgian names:
/// - Every accent is folded away *before* coding (ä → A, ö → O, ü → U, ß → SS,
///   é → E, æ → AE, œ → OE ...). This includes ç → C, where the original codes
///   Ç as S: the cedilla is often lost when a name is typed, and "François" must
///   meet "Francois" (both FRNK, the final -OIS being silent). Letters of other
///   scripts are dropped.
/// - The Dutch digraph IJ not followed by a vowel is read as the vowel Y, so that
///   "Dijck", "Dijk", "Dyck" and "Dyk" all give TK (the original would let the J
///   of "Dijck" count). IJ before a vowel (Hijazi) stays a J.
///
/// Everything else, including the English "th" coded as `0` (Smith → SM0) and the
/// initial W before a vowel coded as a vowel (Wagner → AKNR), follows the
/// published rules. The letter rules are in `PhoneticKey+Rules.swift`.
public enum PhoneticKey {
    /// The longest code of one name part.
    public static let maxLength = 6

    /// The distinct codes of the parts of a full name, in order of appearance.
    ///
    /// Parts are separated by anything that is not a letter: spaces, hyphens,
    /// apostrophes (straight or typographic), dots, commas, digits. So
    /// "Jean-Pierre D'Ath" has the parts JEAN, PIERRE, D and ATH. Parts whose
    /// code is empty are dropped, and so are repeated codes ("Meier-Mayer" gives
    /// only `["MR"]`).
    public static func words(_ name: String) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for part in parts(of: name) {
            let key = encode(part)
            if !key.isEmpty && seen.insert(key).inserted { result.append(key) }
        }
        return result
    }

    /// The primary Double Metaphone key of one word, at most ``maxLength``
    /// characters of `AFHJKLMNPRSTX0` (`0` is the English "th", `X` is "sh"/"ch",
    /// `A` a leading vowel). Accents are folded first; anything that is not a
    /// letter is ignored, so `code("D'Ath")` is the code of DATH.
    public static func code(_ word: String) -> String {
        encode(Array(parts(of: word).joined()))
    }

    // MARK: - Folding and splitting

    /// The name parts as uppercase ASCII letters, accents folded away.
    static func parts(of name: String) -> [[Character]] {
        var parts: [[Character]] = []
        var current: [Character] = []
        for character in name {
            if let letters = folded(character) {
                current.append(contentsOf: letters)
            } else if !current.isEmpty {
                parts.append(current)
                current = []
            }
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    /// Letters that do not lose their accent by canonical decomposition.
    private static let specialLetters: [Character: String] = [
        "ß": "SS", "ẞ": "SS", "æ": "AE", "Æ": "AE", "œ": "OE", "Œ": "OE",
        "ø": "O", "Ø": "O", "ł": "L", "Ł": "L", "đ": "D", "Đ": "D",
        "ð": "D", "Ð": "D", "þ": "TH", "Þ": "TH", "ı": "I",
    ]

    /// The uppercase ASCII letters of one character: `[]` for a letter of another
    /// script (dropped), `nil` for a separator (not a letter at all).
    private static func folded(_ character: Character) -> [Character]? {
        if let special = specialLetters[character] { return Array(special) }
        guard character.isLetter else { return nil }
        var letters: [Character] = []
        for scalar in String(character).decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: letters.append(Character(scalar))
            case 0x61...0x7A: letters.append(Character(Unicode.Scalar(scalar.value - 0x20)!))
            default: continue // combining accents, other scripts
            }
        }
        return letters
    }

    /// The Dutch IJ not followed by a vowel becomes the vowel Y (see the type's
    /// documentation), then the letters are coded.
    private static func encode(_ letters: [Character]) -> String {
        guard !letters.isEmpty else { return "" }
        var word: [Character] = []
        var index = 0
        while index < letters.count {
            let next = index + 2 < letters.count ? letters[index + 2] : " "
            if letters[index] == "I", index + 1 < letters.count, letters[index + 1] == "J",
               !"AEIOUY".contains(next) {
                word.append("Y")
                index += 2
            } else {
                word.append(letters[index])
                index += 1
            }
        }
        var encoder = DoubleMetaphone(word, maxLength: maxLength)
        return encoder.primary()
    }
}
