import CLDAP
import Foundation

/// Why a directory operation failed.
public enum DirectoryError: Error, Sendable, Equatable {
    /// The server is down, refuses the connection, or did not answer in time.
    case unavailable(String)
    /// The server answered with an error (bad service account, bad base DN, bad filter...).
    case failed(String)
}

/// One entry found in the directory: its DN and the values of the attributes asked for
/// (attribute names lower-cased: LDAP attribute names are case-insensitive).
public struct DirectoryEntry: Sendable {
    public let dn: String
    public let attributes: [String: [String]]

    public func first(_ name: String) -> String? { attributes[name.lowercased()]?.first }
    public func all(_ name: String) -> [String] { attributes[name.lowercased()] ?? [] }
}

/// A connection to one LDAP server through OpenLDAP's libldap. Blocking: used on
/// the directory's own threads only (see `BlockingDeadline`), never concurrently.
final class LDAPConnection {
    private var ld: OpaquePointer?

    /// Connects (and secures, for `ldaps://` or with StartTLS). `networkTimeout`
    /// bounds the TCP and TLS connection, `operationTimeout` every later call.
    init(url: String, caFile: String?, startTLS: Bool, networkTimeout: Double, operationTimeout: Double) throws {
        guard ldap_initialize(&ld, url) == LDAP_SUCCESS, ld != nil else {
            throw DirectoryError.failed("invalid directory URL \(url)")
        }
        var version = LDAP_VERSION3
        ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version)
        // Active Directory answers searches of the domain root with referrals that libldap
        // would chase with an anonymous bind; they are not needed here.
        ldap_set_option(ld, LDAP_OPT_REFERRALS, nil)
        var net = Self.timeval(networkTimeout)
        ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &net)
        var op = Self.timeval(operationTimeout)
        ldap_set_option(ld, LDAP_OPT_TIMEOUT, &op)
        if url.lowercased().hasPrefix("ldaps://") || startTLS {
            var demand = LDAP_OPT_X_TLS_DEMAND
            ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand)
            if let caFile { ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE, caFile) }
            var isServer: Int32 = 0
            ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &isServer)
        }
        if startTLS {
            let rc = ldap_start_tls_s(ld, nil, nil)
            guard rc == LDAP_SUCCESS else { throw classify(rc, doing: "StartTLS") }
        }
    }

    deinit { close() }

    func close() {
        if let ld { ldap_unbind_ext_s(ld, nil, nil) }
        ld = nil
    }

    static func timeval(_ seconds: Double) -> Glibc.timeval {
        let s = max(0.1, seconds)
        return Glibc.timeval(tv_sec: Int(s), tv_usec: Int((s - s.rounded(.down)) * 1_000_000))
    }

    /// A simple bind. Returns false for wrong credentials (an unknown DN included);
    /// throws when the server cannot be reached or refuses for another reason.
    /// An empty password is never sent: LDAP treats it as an anonymous bind that "succeeds".
    func bind(dn: String, password: String) throws -> Bool {
        guard !password.isEmpty else { return false }
        var bytes = Array(password.utf8).map { CChar(bitPattern: $0) }
        let rc = bytes.withUnsafeMutableBufferPointer { buf -> Int32 in
            var cred = berval(bv_len: ber_len_t(buf.count), bv_val: buf.baseAddress)
            return ldap_sasl_bind_s(ld, dn, nil, &cred, nil, nil, nil)
        }
        // Wipe the copy of the password we made.
        for i in bytes.indices { bytes[i] = 0 }
        if rc == LDAP_SUCCESS { return true }
        if rc == LDAP_INVALID_CREDENTIALS || rc == LDAP_INVALID_DN_SYNTAX || rc == LDAP_UNWILLING_TO_PERFORM
            || rc == LDAP_INAPPROPRIATE_AUTH { return false }
        throw classify(rc, doing: "bind")
    }

    /// A subtree (or base) search returning at most `limit` entries.
    func search(base: String, filter: String, attributes: [String], scope: Int32 = LDAP_SCOPE_SUBTREE, limit: Int32 = 10) throws -> [DirectoryEntry] {
        var result: OpaquePointer?
        var cAttributes: [UnsafeMutablePointer<CChar>?] = attributes.map { strdup($0) } + [nil]
        defer { cAttributes.forEach { free($0) } }
        let rc = cAttributes.withUnsafeMutableBufferPointer { attrs in
            ldap_search_ext_s(ld, base, scope, filter, attrs.baseAddress, 0, nil, nil, nil, limit, &result)
        }
        defer { if result != nil { ldap_msgfree(result) } }
        // A size limit reached still returns the entries read so far.
        guard rc == LDAP_SUCCESS || rc == LDAP_SIZELIMIT_EXCEEDED || rc == LDAP_NO_SUCH_OBJECT else {
            throw classify(rc, doing: "search")
        }
        var entries: [DirectoryEntry] = []
        var entry = ldap_first_entry(ld, result)
        while let e = entry {
            var dn = ""
            if let raw = ldap_get_dn(ld, e) { dn = String(cString: raw); ldap_memfree(raw) }
            var values: [String: [String]] = [:]
            for name in attributes {
                guard let vals = ldap_get_values_len(ld, e, name) else { continue }
                var i = 0
                while let v = vals[i] {
                    let bv = v.pointee
                    let text = bv.bv_val.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: Int(bv.bv_len)), as: UTF8.self) } ?? ""
                    values[name.lowercased(), default: []].append(text)
                    i += 1
                }
                ldap_value_free_len(vals)
            }
            entries.append(DirectoryEntry(dn: dn, attributes: values))
            entry = ldap_next_entry(ld, e)
        }
        return entries
    }

    private func classify(_ rc: Int32, doing what: String) -> DirectoryError {
        let message = String(cString: ldap_err2string(rc))
        switch rc {
        case LDAP_SERVER_DOWN, LDAP_TIMEOUT, LDAP_CONNECT_ERROR, LDAP_TIMELIMIT_EXCEEDED, LDAP_BUSY, LDAP_UNAVAILABLE:
            return .unavailable("\(what): \(message)")
        default:
            return .failed("\(what): \(message) (\(rc))")
        }
    }
}

/// RFC 4515: a value inside a search filter, with `*`, `(`, `)`, `\` and NUL escaped.
public func ldapFilterEscape(_ value: String) -> String {
    var out = ""
    for ch in value.unicodeScalars {
        switch ch {
        case "*": out += "\\2a"
        case "(": out += "\\28"
        case ")": out += "\\29"
        case "\\": out += "\\5c"
        case "\u{0}": out += "\\00"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out
}
