import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An address or a CIDR range (`10.0.0.0/8`, `::1`, `fd00::/8`): the reverse
/// proxies whose `X-Forwarded-For` the server believes (`trustedProxies`).
public struct AddressRange: Sendable, Equatable {
    let bytes: [UInt8]
    let prefix: Int

    /// Nil when `text` is neither an IPv4/IPv6 address nor such an address with `/bits`.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let bytes = Self.parse(first) else { return nil }
        let bits = bytes.count * 8
        if parts.count == 2 {
            guard let p = Int(parts[1]), (0...bits).contains(p) else { return nil }
            prefix = p
        } else {
            prefix = bits
        }
        self.bytes = bytes
    }

    public func contains(_ address: String) -> Bool {
        guard var other = Self.parse(address) else { return false }
        // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is its IPv4 address.
        if other.count == 16, bytes.count == 4, other.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff] { other = Array(other.suffix(4)) }
        guard other.count == bytes.count else { return false }
        var left = prefix
        for i in 0..<bytes.count where left > 0 {
            let mask: UInt8 = left >= 8 ? 0xff : ~(0xff >> UInt8(left))
            if bytes[i] & mask != other[i] & mask { return false }
            left -= 8
        }
        return true
    }

    /// The 4 or 16 bytes of an address (a zone such as `%eth0` is ignored).
    static func parse(_ text: String) -> [UInt8]? {
        let plain = String(text.split(separator: "%", maxSplits: 1).first ?? "")
        var v4 = in_addr()
        if inet_pton(AF_INET, plain, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, plain, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}

/// Which address a request comes from, for the throttle and the logs.
public struct ClientAddressResolver: Sendable {
    public let trustedProxies: [AddressRange]

    public init(trustedProxies: [AddressRange]) { self.trustedProxies = trustedProxies }

    func trusted(_ address: String) -> Bool { trustedProxies.contains { $0.contains(address) } }

    /// The socket peer, unless it is a trusted proxy: then the last hop of
    /// `X-Forwarded-For` (read from the right) that is not itself a trusted proxy.
    /// Hops left of it were written by the client and are never believed.
    public func resolve(peer: String, forwardedFor: [String]) -> String {
        guard trusted(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            // A hop that is no address ends the walk: the proxy right of it is all we know.
            guard AddressRange.parse(hop) != nil else { break }
            client = hop
            if !trusted(hop) { break }
        }
        return client
    }
}
