import { twice } from "./a";

let total: number = twice("four");
total.push(1);
