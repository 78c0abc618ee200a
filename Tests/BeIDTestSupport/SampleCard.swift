import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras
import BeID

/// A synthetic card for unit tests: files built from fields, signed with a
/// test RRN key whose certificate a test root issued.
public enum SampleCard {
    public static let photo: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x42, count: 600) + [0xFF, 0xD9]

    public static func identityFields(photo: [UInt8] = photo) -> [UInt8: [UInt8]] {
        [
            0x00: [0x01],
            0x01: Array("591413288107".utf8),
            0x02: Array(repeating: 0xAB, count: 16),
            0x03: Array("01.03.2021".utf8),
            0x04: Array("01.03.2031".utf8),
            0x05: Array("Liège".utf8),
            0x06: Array("85073003328".utf8),
            0x07: Array("Lambèrt".utf8),
            0x08: Array("Françoise Marie".utf8),
            0x09: Array("J".utf8),
            0x0A: Array("Belge".utf8),
            0x0B: Array("Liège".utf8),
            0x0C: Array("30 JUIL 1985".utf8),
            0x0D: Array("V".utf8),
            0x0F: Array("1".utf8),
            0x10: Array("0".utf8),
            0x11: Array(SHA256.hash(data: photo)),
        ]
    }

    /// Fields in ascending tag order, zero-padded like a card.
    public static func encode(_ fields: [UInt8: [UInt8]], padding: Int = 20) -> [UInt8] {
        var out: [UInt8] = []
        for tag in fields.keys.sorted() {
            let v = fields[tag]!
            out += [tag, UInt8(v.count)] + v
        }
        return out + Array(repeating: 0, count: padding)
    }

    public static func identity() -> [UInt8] { encode(identityFields()) }

    public static func address() -> [UInt8] {
        encode([0x00: [0x01], 0x01: Array("Rue de l'Église 12 bte 3".utf8), 0x02: Array("4000".utf8), 0x03: Array("Liège".utf8)], padding: 60)
    }

    public struct PKI {
        public let rootKey: P384.Signing.PrivateKey
        public let root: Certificate
        public let rrnKey: _RSA.Signing.PrivateKey
        public let rrn: Certificate
    }

    /// Made once: an RSA key takes a while.
    public nonisolated(unsafe) static let pki: PKI = makePKI(rootName: "Test Belgium Root CA")
    public nonisolated(unsafe) static let otherPKI: PKI = makePKI(rootName: "Test Belgium Root CA")

    public static func makePKI(rootName: String) -> PKI {
        let rootKey = P384.Signing.PrivateKey()
        let name = try! DistinguishedName { CountryName("BE"); CommonName(rootName) }
        let now = Date()
        let root = try! Certificate(version: .v3, serialNumber: .init(), publicKey: .init(rootKey.publicKey),
                                    notValidBefore: now - 3600, notValidAfter: now + 86_400 * 3650, issuer: name, subject: name,
                                    signatureAlgorithm: .ecdsaWithSHA384,
                                    extensions: try! Certificate.Extensions { Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil)) },
                                    issuerPrivateKey: .init(rootKey))
        let rrnKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
        let rrn = try! Certificate(version: .v3, serialNumber: .init(), publicKey: .init(rrnKey.publicKey),
                                   notValidBefore: now - 3600, notValidAfter: now + 86_400 * 3650, issuer: name,
                                   subject: try! DistinguishedName { CountryName("BE"); CommonName("RRN") },
                                   signatureAlgorithm: .ecdsaWithSHA384, extensions: Certificate.Extensions(), issuerPrivateKey: .init(rootKey))
        return PKI(rootKey: rootKey, root: root, rrnKey: rrnKey, rrn: rrn)
    }

    public static func der(_ c: Certificate) -> [UInt8] {
        var s = DER.Serializer()
        try! s.serialize(c)
        return s.serializedBytes
    }

    public static func sign(_ data: [UInt8], _ key: _RSA.Signing.PrivateKey) -> [UInt8] {
        Array(try! key.signature(for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5).rawRepresentation)
    }

    /// Every file of a signed card; `identity` and `address` may be replaced before signing.
    public static func files(identity: [UInt8] = identity(), address: [UInt8] = address(), photo: [UInt8] = photo, pki: PKI = pki) -> CardFiles {
        let idSig = sign(identity, pki.rrnKey)
        let trimmed = Array(address.reversed().drop(while: { $0 == 0 }).reversed())
        let addrSig = sign(trimmed + idSig, pki.rrnKey)
        return CardFiles([
            .identity: identity, .identitySignature: idSig, .address: address, .addressSignature: addrSig, .photo: photo,
            .rrnCertificate: der(pki.rrn) + Array(repeating: 0, count: 300),
            .rootCertificate: der(pki.root) + Array(repeating: 0, count: 300),
            .caCertificate: Array(repeating: 0, count: 2500),
        ])
    }
}

/// A card in memory that answers APDUs like the Belpic applet (protocols.md A7).
public final class FakeCard: CardTransport {
    public var files: [[UInt8]: [UInt8]] = [:]
    public var selected: [UInt8]?
    public var log: [[UInt8]] = []
    /// After this many APDUs, the card is gone.
    public var removeAfter: Int?
    /// A stricter card: absolute paths only without the MF, as the spec
    /// writes them, and only the PKCS#15 application.
    public var pathsWithoutMF = false

    public init(_ card: CardFiles) {
        for f in BelpicFile.allCases { files[f.path] = card[f] }
    }

    public func transmit(_ apdu: [UInt8]) throws -> [UInt8] {
        log.append(apdu)
        if let n = removeAfter, log.count > n { throw CardError.removed }
        let ins = apdu[1], p1 = apdu[2], p2 = apdu[3]
        switch ins {
        case 0xA4:
            let data = Array(apdu[5 ..< 5 + Int(apdu[4])])
            if p1 == 0x04 { return data == (pathsWithoutMF ? BelpicFile.pkcs15AID : BelpicFile.appletAID) ? [0x90, 0x00] : [0x6A, 0x82] }
            guard p1 == 0x08 else { return [0x6A, 0x86] }
            if pathsWithoutMF && data.starts(with: [0x3F, 0x00]) { return [0x6A, 0x86] }
            let path = data.starts(with: [0x3F, 0x00]) ? data : [0x3F, 0x00] + data
            guard files[path] != nil else { return [0x6A, 0x82] }
            selected = path
            return [0x90, 0x00]
        case 0xB0:
            guard let s = selected, let content = files[s] else { return [0x69, 0x86] }
            let offset = Int(p1) << 8 | Int(p2)
            let le = apdu[4] == 0 ? 256 : Int(apdu[4])
            guard offset < content.count else { return [0x6B, 0x00] }
            let remaining = content.count - offset
            if le > remaining { return [0x6C, UInt8(remaining)] }
            return Array(content[offset ..< offset + le]) + [0x90, 0x00]
        default:
            return [0x6D, 0x00]
        }
    }
}
