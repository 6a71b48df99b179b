// One plain struct for complex numbers in both CBLAS and LAPACKE, so that Swift can import
// the functions that take or return complex values (Swift cannot pass C complex values by value).
#define FORCE_OPENBLAS_COMPLEX_STRUCT 1
#include <cblas.h>
#define LAPACK_COMPLEX_CUSTOM 1
#define lapack_complex_float  openblas_complex_float
#define lapack_complex_double openblas_complex_double
#include <lapacke.h>
