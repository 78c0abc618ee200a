import BeID
import CPCSC
import Foundation

/// pcsclite result codes (the header's macros carry casts and do not import).
enum PCSCCode {
    static let success = 0
    static let timeout = 0x8010000A
    static let noSmartcard = 0x8010000C
    static let noService = 0x8010001D
    static let serviceStopped = 0x8010001E
    static let noReadersAvailable = 0x8010002E
    static let readerUnavailable = 0x80100017
    static let unknownReader = 0x80100009
    static let resetCard = 0x80100068
    static let removedCard = 0x80100069
    static let unpoweredCard = 0x80100067
    static let unresponsiveCard = 0x80100066
    static let notTransacted = 0x80100016
}

/// Maps a pcsclite error to what the helper reports; `reading` turns a missing card into "removed".
func cardError(_ rv: Int, reading: Bool, what: String) -> CardError {
    switch rv {
    case PCSCCode.noService, PCSCCode.serviceStopped: return .noService
    case PCSCCode.noReadersAvailable, PCSCCode.readerUnavailable, PCSCCode.unknownReader: return reading ? .removed : .noReader
    case PCSCCode.noSmartcard, PCSCCode.removedCard, PCSCCode.unpoweredCard: return reading ? .removed : .noCard
    // pcscd's answer to the calls after a card was pulled, until its next poll.
    case PCSCCode.notTransacted: return reading ? .removed : .unreadable("the card does not answer")
    case PCSCCode.unresponsiveCard: return .unreadable("the card does not answer")
    default: return .unreadable("\(what) failed: 0x\(String(rv, radix: 16))")
    }
}

/// One PC/SC context. Blocking calls: use it on a thread of its own, never on an event loop.
final class PCSCContext {
    let handle: SCARDCONTEXT

    init() throws {
        var ctx: SCARDCONTEXT = 0
        let rv = Int(SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &ctx))
        guard rv == PCSCCode.success else { throw cardError(rv, reading: false, what: "SCardEstablishContext") }
        handle = ctx
    }

    deinit { SCardReleaseContext(handle) }

    /// Reader names; empty when none is connected.
    func readers() throws -> [String] {
        var length: DWORD = 0
        var rv = Int(SCardListReaders(handle, nil, nil, &length))
        if rv == PCSCCode.noReadersAvailable { return [] }
        guard rv == PCSCCode.success else { throw cardError(rv, reading: false, what: "SCardListReaders") }
        var buffer = [CChar](repeating: 0, count: Int(length))
        rv = Int(SCardListReaders(handle, nil, &buffer, &length))
        if rv == PCSCCode.noReadersAvailable { return [] }
        guard rv == PCSCCode.success else { throw cardError(rv, reading: false, what: "SCardListReaders") }
        // A multi-string: names separated by NUL, ended by a double NUL.
        return buffer.split(separator: 0).map { String(decoding: $0.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    }

    struct ReaderState: Equatable {
        let name: String
        let cardPresent: Bool
        let atr: [UInt8]
        let eventState: DWORD
    }

    /// The state of each reader; with `waitMilliseconds` > 0, first waits until
    /// one of them changes from `known` (or a reader comes or goes).
    func states(_ names: [String], known: [DWORD]? = nil, waitMilliseconds: Int = 0) throws -> [ReaderState] {
        let cNames = names.map { strdup($0)! }
        let pnp = strdup("\\\\?PnP?\\Notification")!
        defer { cNames.forEach { free($0) }; free(pnp) }
        var states = cNames.enumerated().map { i, n -> SCARD_READERSTATE in
            var s = SCARD_READERSTATE()
            s.szReader = UnsafePointer(n)
            s.dwCurrentState = known?[i] ?? DWORD(SCARD_STATE_UNAWARE)
            return s
        }
        if waitMilliseconds > 0 {
            var p = SCARD_READERSTATE()
            p.szReader = UnsafePointer(pnp)
            p.dwCurrentState = DWORD(names.count) << 16
            states.append(p)
        }
        let rv = Int(SCardGetStatusChange(handle, DWORD(waitMilliseconds), &states, DWORD(states.count)))
        guard rv == PCSCCode.success || rv == PCSCCode.timeout else { throw cardError(rv, reading: false, what: "SCardGetStatusChange") }
        return zip(names, states).map { name, s in
            let atr = withUnsafeBytes(of: s.rgbAtr) { Array($0.prefix(Int(s.cbAtr))) }
            return ReaderState(name: name, cardPresent: s.dwEventState & DWORD(SCARD_STATE_PRESENT) != 0, atr: atr,
                               eventState: s.dwEventState & ~DWORD(SCARD_STATE_CHANGED))
        }
    }

    func connect(_ reader: String) throws -> PCSCCard {
        var card: SCARDHANDLE = 0
        var proto: DWORD = 0
        let rv = Int(SCardConnect(handle, reader, DWORD(SCARD_SHARE_SHARED), DWORD(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1), &card, &proto))
        guard rv == PCSCCode.success else { throw cardError(rv, reading: false, what: "SCardConnect") }
        return PCSCCard(handle: card, protocol: proto)
    }
}

/// Another program reset the card during our read: reconnect and read again.
struct CardWasReset: Error {}

/// A connected card: the transport the BeID reader talks through.
final class PCSCCard: CardTransport {
    let handle: SCARDHANDLE
    private(set) var activeProtocol: DWORD

    init(handle: SCARDHANDLE, protocol: DWORD) {
        self.handle = handle
        self.activeProtocol = `protocol`
    }

    deinit { SCardDisconnect(handle, DWORD(SCARD_LEAVE_CARD)) }

    func beginTransaction() throws {
        let rv = Int(SCardBeginTransaction(handle))
        if rv == PCSCCode.resetCard { throw CardWasReset() }
        guard rv == PCSCCode.success else { throw cardError(rv, reading: true, what: "SCardBeginTransaction") }
    }

    func endTransaction() { SCardEndTransaction(handle, DWORD(SCARD_LEAVE_CARD)) }

    /// After a reset by someone else: the card is still there, its state is not.
    func reconnect() throws {
        var proto: DWORD = 0
        let rv = Int(SCardReconnect(handle, DWORD(SCARD_SHARE_SHARED), DWORD(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1), DWORD(SCARD_LEAVE_CARD), &proto))
        guard rv == PCSCCode.success else { throw cardError(rv, reading: true, what: "SCardReconnect") }
        activeProtocol = proto
    }

    func transmit(_ apdu: [UInt8]) throws -> [UInt8] {
        // SCARD_PCI_T0/T1 are macros; the structures they point to import.
        var pci = activeProtocol == DWORD(SCARD_PROTOCOL_T1) ? g_rgSCardT1Pci : g_rgSCardT0Pci
        var answer = [UInt8](repeating: 0, count: 258)
        var length = DWORD(answer.count)
        let rv = Int(SCardTransmit(handle, &pci, apdu, DWORD(apdu.count), nil, &answer, &length))
        if rv == PCSCCode.resetCard { throw CardWasReset() }
        guard rv == PCSCCode.success else { throw cardError(rv, reading: true, what: "SCardTransmit") }
        // A card pulled during a command: pcscd reports success with no bytes.
        guard length >= 2 else { throw CardError.removed }
        return Array(answer.prefix(Int(length)))
    }
}
