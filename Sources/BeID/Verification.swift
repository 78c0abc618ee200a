import Crypto
import Foundation
import SwiftASN1
import X509

/// Checks that a card's files are what the national register signed
/// (protocols.md A4): photo hash, identity and address signatures made with
/// the RRN key, and the RRN certificate issued by a configured root.
/// The root certificate the card carries is never trusted.
public struct CardVerifier: Sendable {
    public let trustedRoots: [Certificate]

    public init(trustedRoots: [Certificate]) { self.trustedRoots = trustedRoots }

    /// Roots from PEM text (one or more `BEGIN CERTIFICATE` blocks).
    public init(pem: String) throws {
        self.init(trustedRoots: try PEMDocument.parseMultiple(pemString: pem).map { try Certificate(pemDocument: $0) })
    }

    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case missingFile(String)
        case photoHashMismatch
        case badCertificate(String)
        case untrustedCertificate
        case certificateExpired
        case badIdentitySignature
        case badAddressSignature
        case unreadable(String)

        public var description: String {
            switch self {
            case .missingFile(let f): return "the card data lacks the file \(f)"
            case .photoHashMismatch: return "the photo does not match its hash in the identity file"
            case .badCertificate(let why): return "the national register certificate cannot be read: \(why)"
            case .untrustedCertificate: return "the national register certificate is not issued by a trusted root"
            case .certificateExpired: return "the national register certificate is not valid today"
            case .badIdentitySignature: return "the identity file's signature is wrong"
            case .badAddressSignature: return "the address file's signature is wrong"
            case .unreadable(let why): return why
            }
        }
    }

    /// Verifies and parses. Throws `Failure` on anything that does not check out.
    public func verify(_ files: CardFiles, at now: Date = Date()) throws -> VerifiedCard {
        for f in [BelpicFile.identity, .identitySignature, .address, .addressSignature, .photo, .rrnCertificate] where files[f].isEmpty {
            throw Failure.missingFile(f.wireName)
        }
        let identity: CardIdentity
        let address: CardAddress
        do {
            identity = try CardIdentity(file: files[.identity])
            address = try CardAddress(file: files[.address])
        } catch {
            throw Failure.unreadable("\(error)")
        }
        let photo = files[.photo]
        guard Self.photoHashMatches(photo, identity.photoHash) else { throw Failure.photoHashMismatch }

        let rrn = try certificate(files[.rrnCertificate])
        guard trustedRoots.contains(where: { $0.subject == rrn.issuer && $0.publicKey.isValidSignature(rrn.signature, for: rrn) }) else {
            throw Failure.untrustedCertificate
        }
        guard rrn.notValidBefore <= now, now <= rrn.notValidAfter else { throw Failure.certificateExpired }

        let identitySignature = files[.identitySignature]
        guard Self.isValid(signature: identitySignature, over: files[.identity], key: rrn.publicKey) else {
            throw Failure.badIdentitySignature
        }
        // The address signature covers the address file without its zero
        // padding, followed by the identity signature file.
        let trimmedAddress = Array(files[.address].reversed().drop(while: { $0 == 0 }).reversed())
        guard Self.isValid(signature: files[.addressSignature], over: trimmedAddress + identitySignature, key: rrn.publicKey) else {
            throw Failure.badAddressSignature
        }
        return VerifiedCard(identity: identity, address: address, photo: photo)
    }

    static func photoHashMatches(_ photo: [UInt8], _ hash: [UInt8]) -> Bool {
        switch hash.count {
        case 20: return Array(Insecure.SHA1.hash(data: photo)) == hash
        case 32: return Array(SHA256.hash(data: photo)) == hash
        case 48: return Array(SHA384.hash(data: photo)) == hash
        default: return false
        }
    }

    /// RSA PKCS#1 v1.5 (SHA-256, or SHA-1 on older cards) or ECDSA P-384 with SHA-384.
    static func isValid(signature raw: [UInt8], over data: [UInt8], key: Certificate.PublicKey) -> Bool {
        if P384.Signing.PublicKey(key) != nil {
            // ECDSA signatures are DER, zero-padded on the card: the real length is sig[1] + 2.
            guard raw.count >= 2, raw[0] == 0x30, raw[1] < 0x80, Int(raw[1]) + 2 <= raw.count else { return false }
            return key.isValidSignature(Array(raw.prefix(Int(raw[1]) + 2)), for: data, signatureAlgorithm: .ecdsaWithSHA384)
        }
        // Some re-signed cards use SHA-256 where the photo hash says SHA-1: try both.
        return [Certificate.SignatureAlgorithm.sha256WithRSAEncryption, .sha1WithRSAEncryption, .sha384WithRSAEncryption]
            .contains { key.isValidSignature(raw, for: data, signatureAlgorithm: $0) }
    }

    /// A certificate file: DER followed by zero padding.
    func certificate(_ file: [UInt8]) throws -> Certificate {
        guard let length = DERLength.of(file) else { throw Failure.badCertificate("no DER sequence") }
        do { return try Certificate(derEncoded: Array(file.prefix(length))) } catch { throw Failure.badCertificate("\(error)") }
    }
}

/// A card whose files checked out.
public struct VerifiedCard: Sendable {
    public let identity: CardIdentity
    public let address: CardAddress
    public let photo: [UInt8]
}
