/// Folds text for the quick search: lower case without accents, so that
/// "eglise", "EGLISE" and "Église" find each other in both databases.
public enum SearchText {
    public static func fold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for ch in s.lowercased().unicodeScalars {
            switch ch {
            case "à", "á", "â", "ä", "ã", "å", "ā": out.append("a")
            case "è", "é", "ê", "ë", "ē", "ė", "ę": out.append("e")
            case "ì", "í", "î", "ï", "ī": out.append("i")
            case "ò", "ó", "ô", "ö", "õ", "ø", "ō": out.append("o")
            case "ù", "ú", "û", "ü", "ū": out.append("u")
            case "ç", "č", "ć": out.append("c")
            case "ñ", "ń": out.append("n")
            case "ý", "ÿ": out.append("y")
            case "š", "ś": out.append("s")
            case "ž", "ź", "ż": out.append("z")
            case "ß": out.append("s"); out.append("s")
            case "æ": out.append("a"); out.append("e")
            case "œ": out.append("o"); out.append("e")
            default: out.append(ch)
            }
        }
        return String(out)
    }
}
