#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| codecheck_fuzz::redirect_next(data));
