import Foundation
import Lino
import XCTest

/// A real slapd on 127.0.0.1 with the test directory of tests/ldap (scripts/lib/slapd.sh),
/// one per test so that tests may change entries.
final class TestDirectory: @unchecked Sendable {
    // @unchecked: written once in `start`.
    let dir: String
    let ldapURL: String
    let ldapsURL: String
    let caFile: String

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    static let suffix = "dc=cpas,dc=example"
    static let groups = "ou=groups,dc=cpas,dc=example"

    /// Starts one; nil (the test skips) when slapd is missing and scripts/test did not ask for it.
    static func start() throws -> TestDirectory? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/slapd") else {
            if ProcessInfo.processInfo.environment["WELFARE_REQUIRE_LDAP"] == "1" { XCTFail("WELFARE_REQUIRE_LDAP=1 but slapd is not installed") }
            return nil
        }
        let out = try run(root + "/scripts/lib/slapd.sh", ["start"])
        let parts = out.split(separator: " ").map(String.init)
        guard parts.count == 4 else { throw NSError(domain: "slapd", code: 1, userInfo: [NSLocalizedDescriptionKey: out]) }
        return TestDirectory(dir: parts[0], ldapURL: parts[1], ldapsURL: parts[2], caFile: parts[3])
    }

    init(dir: String, ldapURL: String, ldapsURL: String, caFile: String) {
        self.dir = dir
        self.ldapURL = ldapURL
        self.ldapsURL = ldapsURL
        self.caFile = caFile
    }

    func stop() { _ = try? Self.run(Self.root + "/scripts/lib/slapd.sh", ["stop", dir]) }

    /// Changes entries as the directory's administrator (LDIF for ldapmodify).
    func modify(_ ldif: String) throws {
        _ = try Self.run("/usr/bin/ldapmodify", ["-x", "-H", ldapURL, "-D", "cn=admin," + Self.suffix, "-w", "adminpw"], input: ldif)
    }

    /// Active-Directory-like settings: StartTLS, sAMAccountName, memberOf.
    func adSettings() -> DirectorySettings {
        var s = DirectorySettings(urls: [ldapURL], baseDN: "ou=staff," + Self.suffix)
        s.startTLS = true
        s.caFile = caFile
        s.bindDN = "cn=welfare,ou=services," + Self.suffix
        s.bindPassword = "service-secret"
        s.membership = .memberOf
        s.groups = [("cn=integration," + Self.groups, "100"), ("cn=admins," + Self.groups, "900"), ("cn=reception," + Self.groups, "210")]
        s.timeoutSeconds = 3
        return s
    }

    /// OpenLDAP-like settings: LDAPS, uid, groups found by their `member`.
    func openLDAPSettings() -> DirectorySettings {
        var s = adSettings()
        s.urls = [ldapsURL]
        s.startTLS = false
        s.userFilter = "(&(objectClass=inetOrgPerson)(uid={username}))"
        s.membership = .member
        return s
    }

    /// Runs a tool to its end. Its output goes through files, not pipes: the slapd that
    /// `slapd.sh start` leaves running must not hold a pipe that we would read to its end.
    @discardableResult
    static func run(_ tool: String, _ args: [String], input: String? = nil) throws -> String {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        let outURL = tmp.appendingPathExtension("out"), errURL = tmp.appendingPathExtension("err"), inURL = tmp.appendingPathExtension("in")
        defer { for u in [outURL, errURL, inURL] { try? FileManager.default.removeItem(at: u) } }
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        FileManager.default.createFile(atPath: inURL.path, contents: Data((input ?? "").utf8))
        // posix_spawn and waitpid: Foundation's Process.waitUntilExit can hang on a task's thread.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inURL.path, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outURL.path, O_WRONLY | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errURL.path, O_WRONLY | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([tool] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, tool, &actions, nil, argv, environ) == 0 else {
            throw NSError(domain: tool, code: 127, userInfo: [NSLocalizedDescriptionKey: "cannot start \(tool)"])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitCode = (status >> 8) & 0xff
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        guard status & 0x7f == 0, exitCode == 0 else {
            let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            throw NSError(domain: tool, code: Int(exitCode), userInfo: [NSLocalizedDescriptionKey: err])
        }
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A TCP port that accepts connections and never answers (a hanging directory server).
final class SilentServer: @unchecked Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0, listen(fd, 64) == 0 else { throw NSError(domain: "socket", code: Int(errno)) }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    func close() { _ = Glibc.close(fd) }
}

/// A port where nothing listens (a directory server that is down).
func closedPort() -> Int {
    let s = try? SilentServer()
    let p = s?.port ?? 1
    s?.close()
    return p
}
