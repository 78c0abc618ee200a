/// A command APDU (ISO 7816-4, short form) and the constants of the Belgian eID card.
public struct CommandAPDU: Sendable, Equatable {
    public var cla: UInt8 = 0x00
    public var ins: UInt8
    public var p1: UInt8
    public var p2: UInt8
    public var data: [UInt8] = []
    /// Expected answer length; 0 means 256, nil means no Le byte.
    public var le: UInt8?

    public init(cla: UInt8 = 0x00, ins: UInt8, p1: UInt8, p2: UInt8, data: [UInt8] = [], le: UInt8? = nil) {
        self.cla = cla
        self.ins = ins
        self.p1 = p1
        self.p2 = p2
        self.data = data
        self.le = le
    }

    public var bytes: [UInt8] {
        var b = [cla, ins, p1, p2]
        if !data.isEmpty { b.append(UInt8(data.count)); b += data }
        if let le { b.append(le) }
        return b
    }

    /// SELECT by AID (`P1=04`), answer not requested (`P2=0C`).
    public static func selectApplication(_ aid: [UInt8]) -> CommandAPDU {
        CommandAPDU(ins: 0xA4, p1: 0x04, p2: 0x0C, data: aid)
    }

    /// SELECT by absolute path from the MF (`P1=08`), e.g. `3F00 DF01 4031`.
    public static func selectPath(_ path: [UInt8]) -> CommandAPDU {
        CommandAPDU(ins: 0xA4, p1: 0x08, p2: 0x0C, data: path)
    }

    public static func readBinary(offset: Int, length: UInt8) -> CommandAPDU {
        CommandAPDU(ins: 0xB0, p1: UInt8((offset >> 8) & 0x7F), p2: UInt8(offset & 0xFF), le: length)
    }

    public static func getResponse(_ length: UInt8) -> CommandAPDU {
        CommandAPDU(ins: 0xC0, p1: 0, p2: 0, le: length)
    }
}

/// A response APDU: data and the two status bytes.
public struct ResponseAPDU: Sendable, Equatable {
    public let data: [UInt8]
    public let sw1: UInt8
    public let sw2: UInt8

    public init(data: [UInt8], sw1: UInt8, sw2: UInt8) {
        self.data = data
        self.sw1 = sw1
        self.sw2 = sw2
    }

    /// Splits raw card bytes; nil when shorter than the two status bytes.
    public init?(_ raw: [UInt8]) {
        guard raw.count >= 2 else { return nil }
        data = Array(raw.dropLast(2))
        sw1 = raw[raw.count - 2]
        sw2 = raw[raw.count - 1]
    }

    public var status: UInt16 { UInt16(sw1) << 8 | UInt16(sw2) }
    public var isSuccess: Bool { status == 0x9000 }
}

/// Application identifiers and file paths of the Belpic applet (protocols.md A1).
public enum BelpicFile: String, CaseIterable, Sendable {
    case identity, identitySignature, address, addressSignature, photo
    case rrnCertificate, rootCertificate, caCertificate

    public static let appletAID: [UInt8] = [0xA0, 0x00, 0x00, 0x00, 0x30, 0x29, 0x05, 0x70, 0x00, 0xAD, 0x13, 0x10, 0x01, 0x01, 0xFF]
    /// "…PKCS-15": the application of DF00 (the certificates).
    public static let pkcs15AID: [UInt8] = [0xA0, 0x00, 0x00, 0x01, 0x77, 0x50, 0x4B, 0x43, 0x53, 0x2D, 0x31, 0x35]

    /// Absolute path from the MF.
    public var path: [UInt8] {
        switch self {
        case .identity: return [0x3F, 0x00, 0xDF, 0x01, 0x40, 0x31]
        case .identitySignature: return [0x3F, 0x00, 0xDF, 0x01, 0x40, 0x32]
        case .address: return [0x3F, 0x00, 0xDF, 0x01, 0x40, 0x33]
        case .addressSignature: return [0x3F, 0x00, 0xDF, 0x01, 0x40, 0x34]
        case .photo: return [0x3F, 0x00, 0xDF, 0x01, 0x40, 0x35]
        case .caCertificate: return [0x3F, 0x00, 0xDF, 0x00, 0x50, 0x3A]
        case .rootCertificate: return [0x3F, 0x00, 0xDF, 0x00, 0x50, 0x3B]
        case .rrnCertificate: return [0x3F, 0x00, 0xDF, 0x00, 0x50, 0x3C]
        }
    }

    /// The key of the file in the helper's JSON (`files.identity_signature`...).
    public var wireName: String {
        switch self {
        case .identity: return "identity"
        case .identitySignature: return "identity_signature"
        case .address: return "address"
        case .addressSignature: return "address_signature"
        case .photo: return "photo"
        case .rrnCertificate: return "rrn_certificate"
        case .rootCertificate: return "root_certificate"
        case .caCertificate: return "ca_certificate"
        }
    }
}
