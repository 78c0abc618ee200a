/// Check digits of Belgian numbers (protocols.md C).
public enum BelgianChecksums {
    /// A national register number (NISS/INSZ, 11 digits): the last two digits are
    /// 97 - (first nine mod 97), with a "2" in front of the nine for people born in 2000 or later.
    public static func isValidNationalNumber(_ s: String) -> Bool { nationalNumberCentury(s) != nil }

    /// 1900 or 2000, whichever variant's check digits match the 11 digits; nil when none does.
    public static func nationalNumberCentury(_ s: String) -> Int? {
        guard s.utf8.count == 11, s.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let base = Int(s.prefix(9)), let check = Int(s.suffix(2)) else { return nil }
        if check == nationalNumberCheck(base, bornFrom2000: false) { return 1900 }
        if check == nationalNumberCheck(base, bornFrom2000: true) { return 2000 }
        return nil
    }

    /// The check digits of the first nine digits `YYMMDDSSS`.
    public static func nationalNumberCheck(_ base: Int, bornFrom2000: Bool) -> Int {
        97 - ((bornFrom2000 ? 2_000_000_000 : 0) + base) % 97
    }

    /// A card number (12 digits): the last two are (first ten) mod 97, where 0 counts as 97.
    public static func isValidCardNumber(_ s: String) -> Bool {
        guard s.utf8.count == 12, s.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let base = Int(s.prefix(10)), let check = Int(s.suffix(2)) else { return false }
        let r = base % 97
        return check == (r == 0 ? 97 : r)
    }
}
