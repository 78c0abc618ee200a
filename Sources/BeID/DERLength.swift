/// Certificate files on the card are DER followed by zero padding: the
/// certificate is as long as its outer element says.
public enum DERLength {
    /// The length of the DER SEQUENCE at the start of `bytes`, header included; nil when malformed.
    public static func of(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2, bytes[0] == 0x30 else { return nil }
        let first = Int(bytes[1])
        if first < 0x80 { return first + 2 <= bytes.count ? first + 2 : nil }
        let n = first & 0x7F
        guard (1...3).contains(n), bytes.count >= 2 + n else { return nil }
        var length = 0
        for b in bytes[2 ..< 2 + n] { length = length << 8 | Int(b) }
        let total = 2 + n + length
        return total <= bytes.count ? total : nil
    }
}
