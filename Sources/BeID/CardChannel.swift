/// Sends commands through a transport and deals with the status words that
/// ask for a second command, as eid-mw's `SendAPDU` does:
/// `61xx` (fetch the answer with GET RESPONSE) and `6Cxx` (send again with Le = xx).
public struct CardChannel {
    public let transport: CardTransport

    public init(_ transport: CardTransport) { self.transport = transport }

    public func send(_ command: CommandAPDU) throws -> ResponseAPDU {
        var response = try raw(command)
        if response.sw1 == 0x6C {
            var again = command
            again.le = response.sw2
            response = try raw(again)
        }
        var data = response.data
        var rounds = 0
        while response.sw1 == 0x61 {
            // Bounded: a broken card must not keep us asking forever.
            rounds += 1
            guard rounds <= 64 else { throw CardError.unreadable("endless GET RESPONSE") }
            response = try raw(.getResponse(response.sw2))
            data += response.data
        }
        return ResponseAPDU(data: data, sw1: response.sw1, sw2: response.sw2)
    }

    private func raw(_ command: CommandAPDU) throws -> ResponseAPDU {
        let answer = try transport.transmit(command.bytes)
        guard let r = ResponseAPDU(answer) else { throw CardError.unreadable("answer shorter than two status bytes") }
        return r
    }
}
