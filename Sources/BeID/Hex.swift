/// Hex text of bytes and status words, for messages and the helper's JSON.
public func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0x0F)]) }
    return String(decoding: out, as: UTF8.self)
}

public func hex(_ status: UInt16) -> String { hex([UInt8(status >> 8), UInt8(status & 0xFF)]) }
