;; The resampler's integer-decimation kernel in WebAssembly SIMD (compiled into fir-wasm.ts by
;; scripts/build-fir-wasm.ts): four taps per instruction where the JS loop does one.
(module
  (memory (export "memory") 1)
  ;; For t = from, from + m, … < limit: out[i] = round(clamp(Σ_k bank[k] · w[t + k])).
  ;; bank: f32 × tapBytes/4 (zero-padded to a multiple of 8), w: f32 samples, out: i16; byte offsets.
  (func (export "decimate")
    (param $bank i32) (param $tapBytes i32) (param $w i32) (param $out i32)
    (param $from i32) (param $limit i32) (param $m i32) (result i32)
    (local $t i32) (local $k i32) (local $wp i32) (local $count i32)
    (local $a0 v128) (local $a1 v128) (local $s f32)
    (local.set $t (local.get $from))
    (block $done
      (loop $outer
        (br_if $done (i32.ge_s (local.get $t) (local.get $limit)))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $a1 (v128.const f32x4 0 0 0 0))
        (local.set $k (i32.const 0))
        (local.set $wp (i32.add (local.get $w) (i32.shl (local.get $t) (i32.const 2))))
        (loop $inner
          (local.set $a0
            (f32x4.add (local.get $a0)
              (f32x4.mul
                (v128.load (i32.add (local.get $bank) (local.get $k)))
                (v128.load (i32.add (local.get $wp) (local.get $k))))))
          (local.set $a1
            (f32x4.add (local.get $a1)
              (f32x4.mul
                (v128.load offset=16 (i32.add (local.get $bank) (local.get $k)))
                (v128.load offset=16 (i32.add (local.get $wp) (local.get $k))))))
          (local.set $k (i32.add (local.get $k) (i32.const 32)))
          (br_if $inner (i32.lt_u (local.get $k) (local.get $tapBytes))))
        (local.set $a0 (f32x4.add (local.get $a0) (local.get $a1)))
        (local.set $s
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
            (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
        (i32.store16
          (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 1)))
          (i32.trunc_sat_f32_s
            (f32.nearest (f32.max (f32.const -32768) (f32.min (f32.const 32767) (local.get $s))))))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (local.set $t (i32.add (local.get $t) (local.get $m)))
        (br $outer)))
    (local.get $count)))
