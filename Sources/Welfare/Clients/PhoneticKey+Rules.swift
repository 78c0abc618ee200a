/// The letter rules of Double Metaphone, primary code only (see ``PhoneticKey``).
///
/// The word is read from left to right; at each position one rule looks at the
/// letters around it, appends zero or more code letters and says how many
/// letters it has consumed. Positions past the end read as spaces, before the
/// start they match nothing, as in the published description.
struct DoubleMetaphone {
    private let word: [Character]
    private let maxLength: Int
    private let last: Int
    /// The word has a W, K, CZ or WITZ: some rules are then read the Germanic or
    /// Slavic way rather than the Romance way.
    private let slavoGermanic: Bool
    private var index = 0
    private var code = ""

    /// `word`: uppercase ASCII letters without accents.
    init(_ word: [Character], maxLength: Int) {
        self.word = word
        self.maxLength = maxLength
        last = word.count - 1
        let text = String(word)
        slavoGermanic = text.contains("W") || text.contains("K") || text.contains("CZ")
    }

    mutating func primary() -> String {
        // Silent first letters: GNome, KNight, PNeumatic, WRight, PSychology.
        if at(0, "GN", "KN", "PN", "WR", "PS") { index = 1 }
        // An initial X sounds like Z (Xavier).
        if letter(0) == "X" { emit("S"); index = 1 }
        while index < word.count && code.count < maxLength {
            switch letter(index) {
            case "A", "E", "I", "O", "U", "Y":
                if index == 0 { emit("A") } // only a leading vowel is kept
                index += 1
            case "B": emit("P"); index += letter(index + 1) == "B" ? 2 : 1
            case "C": letterC()
            case "D": letterD()
            case "F": emit("F"); index += letter(index + 1) == "F" ? 2 : 1
            case "G": letterG()
            case "H": letterH()
            case "J": letterJ()
            case "K": emit("K"); index += letter(index + 1) == "K" ? 2 : 1
            case "L": emit("L"); index += letter(index + 1) == "L" ? 2 : 1
            case "M": letterM()
            case "N": emit("N"); index += letter(index + 1) == "N" ? 2 : 1
            case "P": letterP()
            case "Q": emit("K"); index += letter(index + 1) == "Q" ? 2 : 1
            case "R": letterR()
            case "S": letterS()
            case "T": letterT()
            case "V": emit("F"); index += letter(index + 1) == "V" ? 2 : 1
            case "W": letterW()
            case "X": letterX()
            case "Z": letterZ()
            default: index += 1
            }
        }
        return String(code.prefix(maxLength))
    }

    // MARK: - Reading the word

    /// The letter at `position`: a space past the end, `nil` before the start.
    private func letter(_ position: Int) -> Character? {
        guard position >= 0 else { return nil }
        return position < word.count ? word[position] : " "
    }

    /// Whether one of `candidates` is spelled from `position` on.
    private func at(_ position: Int, _ candidates: String...) -> Bool {
        guard position >= 0 else { return false }
        return candidates.contains { candidate in
            candidate.enumerated().allSatisfy { offset, character in letter(position + offset) == character }
        }
    }

    private func isVowel(_ position: Int) -> Bool {
        guard let character = letter(position) else { return false }
        return "AEIOUY".contains(character)
    }

    private mutating func emit(_ sound: String) { code += sound }

    // MARK: - C

    private mutating func letterC() {
        // Germanic -ACH- (Bach, Wachtler, Macher), but not -ACHI- or -ACHE-.
        if index > 1 && !isVowel(index - 2) && at(index - 1, "ACH") && letter(index + 2) != "I"
            && (letter(index + 2) != "E" || at(index - 2, "BACHER", "MACHER")) {
            emit("K"); index += 2; return
        }
        if index == 0 && at(0, "CAESAR") { emit("S"); index += 2; return }
        if at(index, "CHIA") { emit("K"); index += 2; return } // Chianti
        if at(index, "CH") { letterCH(); return }
        if at(index, "CZ") && !at(index - 2, "WICZ") { emit("S"); index += 2; return } // Czerny
        if at(index + 1, "CIA") { emit("X"); index += 3; return } // Focaccia
        // Double C, but not McClellan.
        if at(index, "CC") && !(index == 1 && letter(0) == "M") {
            if at(index + 2, "I", "E", "H") && !at(index + 2, "HU") {
                // Accident, succeed; otherwise Italian: Bacci, Bellocchio.
                emit(index == 1 && letter(0) == "A" || at(index - 1, "UCCEE", "UCCES") ? "KS" : "X")
                index += 3
            } else {
                emit("K"); index += 2 // Bacchus
            }
            return
        }
        if at(index, "CK", "CG", "CQ") { emit("K"); index += 2; return }
        if at(index, "CI", "CE", "CY") { emit("S"); index += 2; return }
        emit("K")
        if at(index + 1, " C", " Q", " G") { index += 3 } // Mac Caffrey, Mac Gregor
        else if at(index + 1, "C", "K", "Q") && !at(index + 1, "CE", "CI") { index += 2 }
        else { index += 1 }
    }

    private mutating func letterCH() {
        if index > 0 && at(index, "CHAE") { emit("K"); index += 2; return } // Michael
        // Greek at the start: Character, Charisma, Chorus, Chemistry, but not Chore.
        if index == 0 && (at(1, "HARAC", "HARIS") || at(1, "HOR", "HYM", "HIA", "HEM")) && !at(0, "CHORE") {
            emit("K"); index += 2; return
        }
        let germanic = at(0, "VAN ", "VON ", "SCH")
            || at(index - 2, "ORCHES", "ARCHIT", "ORCHID")
            || at(index + 2, "T", "S")
            // Wachtler, Wechsler, but not Tichner.
            || ((at(index - 1, "A", "O", "U", "E") || index == 0)
                && at(index + 2, "L", "R", "N", "M", "B", "H", "F", "V", "W", " "))
        if germanic || (index > 0 && at(0, "MC")) { emit("K") } else { emit("X") }
        index += 2
    }

    // MARK: - D, H, M, P

    private mutating func letterD() {
        if at(index, "DG") {
            if at(index + 2, "I", "E", "Y") { emit("J"); index += 3 } // Edge
            else { emit("TK"); index += 2 } // Edgar
            return
        }
        emit("T")
        index += at(index, "DT", "DD") ? 2 : 1
    }

    /// H is kept only at the start or after a vowel, and before a vowel.
    private mutating func letterH() {
        if (index == 0 || isVowel(index - 1)) && isVowel(index + 1) { emit("H"); index += 2 }
        else { index += 1 }
    }

    private mutating func letterM() {
        emit("M")
        // Dumb, thumb, plumber: the B after M is silent.
        let silentB = at(index - 1, "UMB") && (index + 1 == last || at(index + 2, "ER"))
        index += silentB || letter(index + 1) == "M" ? 2 : 1
    }

    private mutating func letterP() {
        if letter(index + 1) == "H" { emit("F"); index += 2; return }
        emit("P")
        index += at(index + 1, "P", "B") ? 2 : 1 // Campbell, raspberry
    }

    // MARK: - G

    private mutating func letterG() {
        if letter(index + 1) == "H" { letterGH(); return }
        if letter(index + 1) == "N" {
            if index == 1 && isVowel(0) && !slavoGermanic { emit("KN") } // Agnes
            else if !at(index + 2, "EY") && !slavoGermanic { emit("N") } // Signor, but not Cagney
            else { emit("KN") }
            index += 2; return
        }
        if at(index + 1, "LI") && !slavoGermanic { emit("KL"); index += 2; return } // Tagliaro
        // Hard at the start before ES, EP, EB, EL, EY, IB, IL, IN, IE, EI, ER, Y.
        if index == 0 && (letter(1) == "Y" || at(1, "ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER")) {
            emit("K"); index += 2; return
        }
        // -GER-, -GY-, but not Danger, Ranger, Manger, Rogier, Biology.
        if (at(index + 1, "ER") || letter(index + 1) == "Y") && !at(0, "DANGER", "RANGER", "MANGER")
            && !at(index - 1, "E", "I") && !at(index - 1, "RGY", "OGY") {
            emit("K"); index += 2; return
        }
        if at(index + 1, "E", "I", "Y") || at(index - 1, "AGGI", "OGGI") {
            // Obviously Germanic words keep it hard; otherwise soft (Georges, Biaggi).
            emit(at(0, "VAN ", "VON ", "SCH") || at(index + 1, "ET") ? "K" : "J")
            index += 2; return
        }
        emit("K")
        index += letter(index + 1) == "G" ? 2 : 1
    }

    private mutating func letterGH() {
        if index > 0 && !isVowel(index - 1) { emit("K"); index += 2; return } // Berghe
        if index == 0 { emit(letter(2) == "I" ? "J" : "K"); index += 2; return } // Ghislaine, Gough
        // Parker's rule: silent in Hugh, bough, Broughton.
        if (index > 1 && at(index - 2, "B", "H", "D")) || (index > 2 && at(index - 3, "B", "H", "D"))
            || (index > 3 && at(index - 4, "B", "H")) {
            index += 2; return
        }
        // Laugh, McLaughlin, cough, rough, tough sound F; Knight, Wright are silent.
        if index > 2 && letter(index - 1) == "U" && at(index - 3, "C", "G", "L", "R", "T") { emit("F") }
        else if letter(index - 1) != "I" { emit("K") }
        index += 2
    }

    // MARK: - J

    private mutating func letterJ() {
        // Spanish: Jose, San Jacinto.
        if at(index, "JOSE") || at(0, "SAN ") {
            emit((index == 0 && letter(index + 4) == " ") || at(0, "SAN ") ? "H" : "J")
            index += 1; return
        }
        if index == 0 {
            emit("J") // Jankelowicz
        } else if isVowel(index - 1) && !slavoGermanic && at(index + 1, "A", "O") {
            emit("J") // Spanish bajador
        } else if index == last {
            emit("J")
        } else if !at(index + 1, "L", "T", "K", "S", "N", "M", "B", "Z") && !at(index - 1, "S", "K", "L") {
            emit("J")
        }
        index += letter(index + 1) == "J" ? 2 : 1
    }

    // MARK: - R, S

    private mutating func letterR() {
        // French final -IER is silent (Rogier, Mercier), but not in Meier, Maier, Hochmeier.
        let silent = index == last && !slavoGermanic && at(index - 2, "IE") && !at(index - 4, "ME", "MA")
        if !silent { emit("R") }
        index += letter(index + 1) == "R" ? 2 : 1
    }

    private mutating func letterS() {
        if at(index - 1, "ISL", "YSL") { index += 1; return } // Island, Carlisle
        if index == 0 && at(0, "SUGAR") { emit("X"); index += 1; return }
        if at(index, "SH") {
            emit(at(index + 1, "HEIM", "HOEK", "HOLM", "HOLZ") ? "S" : "X") // Germanic -sheim
            index += 2; return
        }
        if at(index, "SIO", "SIA") { emit("S"); index += 3; return } // Italian, Armenian
        // Smith meets Schmidt, Snider meets Schneider; -SZ- is Slavic.
        if (index == 0 && at(1, "M", "N", "L", "W")) || letter(index + 1) == "Z" {
            emit("S")
            index += letter(index + 1) == "Z" ? 2 : 1
            return
        }
        if at(index, "SC") { letterSC(); return }
        // French final -AIS, -OIS is silent (Resnais, Artois).
        if !(index == last && at(index - 2, "AI", "OI")) { emit("S") }
        index += at(index + 1, "S", "Z") ? 2 : 1
    }

    /// Schlesinger's rule and the Dutch SCH.
    private mutating func letterSC() {
        if letter(index + 2) == "H" {
            if at(index + 3, "OO", "UY", "ED", "EM") { emit("SK") } // Dutch: School, Schuyler
            else { emit("X") } // Schmidt, Schneider, Schermerhorn, Schenker
            index += 3; return
        }
        emit(at(index + 2, "I", "E", "Y") ? "S" : "SK") // Science; Scot
        index += 3
    }

    // MARK: - T, W, X, Z

    private mutating func letterT() {
        if at(index, "TION") { emit("X"); index += 3; return }
        if at(index, "TIA", "TCH") { emit("X"); index += 3; return }
        if at(index, "TH", "TTH") {
            // Thomas, Thames and Germanic words keep a T; otherwise the English th.
            emit(at(index + 2, "OM", "AM") || at(0, "VAN ", "VON ", "SCH") ? "T" : "0")
            index += 2; return
        }
        emit("T")
        index += at(index + 1, "T", "D") ? 2 : 1
    }

    private mutating func letterW() {
        if at(index, "WR") { emit("R"); index += 2; return }
        // An initial W before a vowel, or WH, sounds like a vowel.
        if index == 0 && (isVowel(1) || at(0, "WH")) { emit("A") }
        // Silent after a final vowel (Arnow meets Arnoff), in Polish -EWSKI, -OWSKY
        // and in words starting with SCH.
        if (index == last && isVowel(index - 1)) || at(index - 1, "EWSKI", "EWSKY", "OWSKI", "OWSKY")
            || at(0, "SCH") {
            index += 1; return
        }
        if at(index, "WICZ", "WITZ") { emit("TS"); index += 4; return } // Polish, German
        index += 1
    }

    private mutating func letterX() {
        // French final -IAUX, -EAUX, -AUX, -OUX is silent (Breaux).
        if !(index == last && (at(index - 3, "IAU", "EAU") || at(index - 2, "AU", "OU"))) { emit("KS") }
        index += at(index + 1, "C", "X") ? 2 : 1
    }

    private mutating func letterZ() {
        if letter(index + 1) == "H" { emit("J"); index += 2; return } // Chinese Zhao
        emit("S")
        index += letter(index + 1) == "Z" ? 2 : 1
    }
}
