import BeID
import Foundation

/// What the helper knows about readers, and the one card read at a time.
/// PC/SC calls block, so they run on a thread of their own.
final class CardService: @unchecked Sendable {
    // @unchecked: `reading` is only touched under `lock`.
    private let lock = NSLock()
    private var reading = false
    private let queue = DispatchQueue(label: "eid-helper.pcsc", attributes: .concurrent)
    /// Prefer readers whose name contains this text (several readers on one PC).
    let preferredReader: String?

    init(preferredReader: String?) { self.preferredReader = preferredReader }

    struct Status: Sendable {
        var readers: [(name: String, card: Bool)]
        /// Changes whenever a reader or a card comes or goes; `/status?since=` waits for a change.
        var signature: String
    }

    func status(waitSeconds: Int, since: String?) async throws -> Status {
        try await run {
            let context = try PCSCContext()
            var names = try context.readers()
            var states = try context.states(names)
            var status = Self.status(names, states)
            let deadline = Date().addingTimeInterval(TimeInterval(min(max(waitSeconds, 0), 60)))
            // Long poll: wait while nothing changed since what the caller saw.
            while let since, since == status.signature, Date() < deadline {
                let left = Int(deadline.timeIntervalSinceNow * 1000)
                guard left > 0 else { break }
                // Returns at the first change (a card, or a reader plugged in or out); then look again.
                _ = try context.states(names, known: states.map(\.eventState), waitMilliseconds: min(left, 1000))
                names = try context.readers()
                states = try context.states(names)
                status = Self.status(names, states)
            }
            return status
        }
    }

    private static func status(_ names: [String], _ states: [PCSCContext.ReaderState]) -> Status {
        let readers = states.map { (name: $0.name, card: $0.cardPresent) }
        // Hashed (FNV-1a) so that it travels in a URL as is, however readers are named.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in readers.map({ "\($0.name)=\($0.card ? 1 : 0)" }).joined(separator: ";").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Status(readers: readers, signature: String(hash, radix: 16))
    }

    struct Readout: Sendable {
        let reader: String
        let atr: [UInt8]
        let files: CardFiles
        let milliseconds: Int
    }

    /// Reads the card in the (preferred) reader that has one. One read at a time.
    func read() async throws -> Readout {
        try lock.withLock {
            if reading { throw CardError.busy }
            reading = true
        }
        defer { lock.withLock { reading = false } }
        return try await run { [preferredReader] in
            let started = Date()
            let context = try PCSCContext()
            let names = try context.readers()
            guard !names.isEmpty else { throw CardError.noReader }
            let withCard = try context.states(names).filter(\.cardPresent)
            guard let chosen = withCard.first(where: { r in preferredReader.map { r.name.contains($0) } ?? false }) ?? withCard.first else {
                throw CardError.noCard
            }
            let card: PCSCCard
            do { card = try context.connect(chosen.name) } catch CardError.noCard { throw CardError.removed }
            // As eid-mw: a reset by another program costs one more read, not an error.
            var files: CardFiles
            do {
                files = try Self.readAll(card)
            } catch is CardWasReset {
                try card.reconnect()
                do { files = try Self.readAll(card) } catch is CardWasReset { throw CardError.removed }
            }
            return Readout(reader: chosen.name, atr: chosen.atr, files: files, milliseconds: Int(Date().timeIntervalSince(started) * 1000))
        }
    }

    private static func readAll(_ card: PCSCCard) throws -> CardFiles {
        try card.beginTransaction()
        defer { card.endTransaction() }
        return try BelpicFileReader(card).readAll()
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
