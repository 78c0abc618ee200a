/// Feeds untrusted bytes to every parser of card data; the fuzzers call it.
/// Returns how many parsers accepted the input. Errors are thrown and caught
/// here: a crash or a trap is the only way to fail.
@discardableResult
public func fuzzParse(_ bytes: [UInt8]) -> Int {
    var accepted = 0
    if (try? TLV.parse(bytes)) != nil { accepted += 1 }
    if (try? CardIdentity(file: bytes)) != nil { accepted += 1 }
    if let a = try? CardAddress(file: bytes) { _ = a.streetParts; accepted += 1 }
    if let s = String(validating: bytes, as: UTF8.self) {
        if (try? CardBirthDate.parse(s)) != nil { accepted += 1 }
        if CardBirthDate.parseNumeric(s) != nil { accepted += 1 }
        _ = BelgianChecksums.isValidNationalNumber(s)
        _ = BelgianChecksums.isValidCardNumber(s)
    }
    if DERLength.of(bytes) != nil { accepted += 1 }
    return accepted
}
