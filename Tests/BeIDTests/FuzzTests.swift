import XCTest
@testable import BeID
import BeIDTestSupport

/// A deterministic mutation fuzzer over the parsers (the libFuzzer target in
/// Fuzz/ explores further): no input may crash them, every error is a thrown one.
final class FuzzTests: XCTestCase {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 29)
        }
    }

    func testParsersSurviveMutatedAndTruncatedFiles() {
        var g = Generator(state: 42)
        let seeds = [SampleCard.identity(), SampleCard.address(), Array("30 JUIN 1967".utf8)]
        var parsed = 0
        for i in 0 ..< 20_000 {
            var input = seeds[i % seeds.count]
            for _ in 0 ..< Int.random(in: 1 ... 4, using: &g) {
                guard !input.isEmpty else { break }
                let at = Int.random(in: 0 ..< input.count, using: &g)
                switch Int.random(in: 0 ... 3, using: &g) {
                case 0: input[at] = UInt8.random(in: 0 ... 255, using: &g)
                case 1: input.removeSubrange(at...)
                case 2: input.insert(UInt8.random(in: 0 ... 255, using: &g), at: at)
                default: input.remove(at: at)
                }
            }
            if fuzzParse(input) > 0 { parsed += 1 }
        }
        XCTAssertGreaterThan(parsed, 0, "some mutations stay valid")
    }
}
