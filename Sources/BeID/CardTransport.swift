/// Sends one APDU to a card and returns its raw answer (data + SW1 SW2).
/// PC/SC implements it in eid-helper; unit tests use an in-process card.
public protocol CardTransport {
    func transmit(_ apdu: [UInt8]) throws -> [UInt8]
}

/// Why a card could not be read. `code` is what the helper's JSON carries.
public enum CardError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The PC/SC service (pcscd) is not running.
    case noService
    case noReader
    case noCard
    /// The card went away during the read.
    case removed
    /// Another read is running.
    case busy
    /// Not a Belgian eID card, or a file could not be read.
    case unreadable(String)

    public var code: String {
        switch self {
        case .noService: return "no_service"
        case .noReader: return "no_reader"
        case .noCard: return "no_card"
        case .removed: return "removed"
        case .busy: return "busy"
        case .unreadable: return "unreadable"
        }
    }

    public var description: String {
        switch self {
        case .noService: return "The smart card service (pcscd) is not running."
        case .noReader: return "No card reader is connected."
        case .noCard: return "No card in the reader."
        case .removed: return "The card was removed during the read."
        case .busy: return "Another card read is running."
        case .unreadable(let why): return "The card could not be read: \(why)"
        }
    }
}
