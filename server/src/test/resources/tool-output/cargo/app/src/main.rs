fn main() {
    let total: i32 = helper::double("two");
    println!("{}", total);
}
