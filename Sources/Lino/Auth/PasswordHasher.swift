import CCrypt
import Dispatch
import Foundation

/// Password hashes with libcrypt's yescrypt; never a home-made hash.
public enum PasswordHasher {
    /// A new yescrypt hash (`$y$...`) of `password` with a fresh random salt.
    public static func hash(_ password: String) -> String {
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        // A nil random buffer makes libxcrypt take its salt from the OS random source.
        guard crypt_gensalt_rn("$y$", 0, nil, 0, &setting, Int32(setting.count)) != nil else {
            fatalError("libcrypt cannot make a yescrypt salt")
        }
        return crypt(password, setting: String(cString: setting)) ?? ""
    }

    /// True when `password` matches the stored hash (in constant time).
    public static func verify(_ password: String, hash stored: String) -> Bool {
        guard stored.hasPrefix("$"), let computed = crypt(password, setting: stored) else { return false }
        let a = Array(computed.utf8), b = Array(stored.utf8)
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
    }

    /// `verify` on a thread of its own: a yescrypt check takes tens of milliseconds
    /// that must not stall the server's request tasks.
    public static func verifyOffLoop(_ password: String, hash stored: String) async -> Bool {
        await withCheckedContinuation { continuation in
            hashing.async { continuation.resume(returning: verify(password, hash: stored)) }
        }
    }

    /// A serial queue of its own (libdispatch gives serial queues an "overcommit" thread):
    /// hash checks never take a thread of the concurrency runtime's small global pool.
    private static let hashing = DispatchQueue(label: "lino.passwords")

    private static func crypt(_ password: String, setting: String) -> String? {
        // libcrypt reads C strings: a NUL would cut the password short.
        guard !password.utf8.contains(0) else { return nil }
        var data = crypt_data()
        guard let out = crypt_r(password, setting, &data) else { return nil }
        let s = String(cString: out)
        return s.hasPrefix("*") ? nil : s  // "*0"/"*1" are libcrypt's failure tokens
    }
}

/// Random tokens for sessions and CSRF protection.
public enum RandomToken {
    public static func make(bytes: Int = 32) -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }
}
