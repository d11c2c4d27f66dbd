pub fn double(n: i32) -> i32 {
    let unused = 3;
    n * 2
}
